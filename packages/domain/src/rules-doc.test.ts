import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRANSITIONS } from './assets/stages.ts';
import { renderRulesDoc } from './rules-doc.ts';

describe('docs/rules.md', () => {
  it('is up to date: run `pnpm docs:generate` and commit docs/ when this fails', () => {
    const committed = readFileSync(new URL('../../../docs/rules.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderRulesDoc());
  });

  it('draws every transition of the lifecycle table', () => {
    const doc = renderRulesDoc();
    for (const [from, targets] of Object.entries(TRANSITIONS))
      for (const to of targets) expect(doc).toContain(`  ${from} --> ${to}\n`);
  });
});
