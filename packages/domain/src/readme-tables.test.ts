import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIONS, PERMISSIONS, ROLES } from './permissions.ts';
import { REASON_CATEGORY, REASONS } from './reasons.ts';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The first markdown table under the `## title` heading, as rows of trimmed cells (header first). */
function table(title: string): string[][] {
  const start = README.indexOf(`\n## ${title}\n`);
  expect(start, `README section "${title}"`).toBeGreaterThanOrEqual(0);
  const section = README.slice(start + 1).split(/\n## /)[0]!;
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim().replace(/^`(.*)`$/, '$1')),
    );
  return rows.filter((cells) => !cells.every((c) => /^-+$/.test(c)));
}

describe('the README permission table', () => {
  const [header, ...rows] = table('Permissions');

  it('has a column per role, in order', () => {
    expect(header).toEqual(['Action', ...ROLES]);
  });

  it('has a row per action, in order', () => {
    expect(rows.map((r) => r[0])).toEqual([...ACTIONS]);
  });

  it('matches PERMISSIONS cell by cell', () => {
    for (const [action, ...scopes] of rows) {
      expect(scopes, action).toEqual(
        ROLES.map((role) => PERMISSIONS[role][action as (typeof ACTIONS)[number]]),
      );
    }
  });
});

describe('the README reasons table', () => {
  const [header, ...rows] = table('Reasons');

  it('lists every reason once, in order, with its category and a meaning', () => {
    expect(header).toEqual(['Reason', 'Category', 'Meaning']);
    expect(rows.map((r) => r[0])).toEqual(REASONS);
    for (const [reason, category, meaning] of rows) {
      expect(category, reason).toBe(REASON_CATEGORY[reason as keyof typeof REASON_CATEGORY]);
      expect(meaning, reason).toMatch(/\S/);
    }
  });
});
