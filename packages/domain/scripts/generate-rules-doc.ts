// `pnpm docs:generate` (or `pnpm --filter @itam/domain run docs:generate`): writes docs/rules.md.
import { writeFileSync } from 'node:fs';
import { renderRulesDoc } from '../src/rules-doc.ts';

writeFileSync(new URL('../../../docs/rules.md', import.meta.url), renderRulesDoc());
console.log('wrote docs/rules.md');
