// `pnpm docs:generate` (or `pnpm --filter @itam/db run docs:generate`): migrates a fresh in-memory database
// and writes docs/er-diagram.md and docs/data-dictionary.md from its catalog.
import { writeFileSync } from 'node:fs';
import { createDatabase } from '../src/connection.ts';
import { renderSchemaDocs } from '../src/docs/index.ts';

const database = await createDatabase('memory://');
try {
  const docs = await renderSchemaDocs(database.db);
  for (const [file, text] of Object.entries(docs)) {
    writeFileSync(new URL(`../../../docs/${file}`, import.meta.url), text);
    console.log(`wrote docs/${file}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
