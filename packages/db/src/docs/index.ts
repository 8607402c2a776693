import type { Kysely } from 'kysely';
import { readCatalog } from '../catalog.ts';
import { renderDataDictionary, renderErDiagram } from './render.ts';

export { findMissingMeanings, MissingMeaningsError } from './render.ts';

/** The generated schema documents, by their file name under docs/. */
export async function renderSchemaDocs(db: Kysely<any>): Promise<Record<string, string>> {
  const tables = await readCatalog(db);
  return { 'er-diagram.md': renderErDiagram(tables), 'data-dictionary.md': renderDataDictionary(tables) };
}
