import type { CatalogTable } from '../catalog.ts';
import { MEANINGS } from './meanings.ts';

/**
 * Renders the migrated schema as two Markdown documents: an ER diagram (Mermaid) and a data
 * dictionary. Pure: the catalog in, text out. Throws when a table or column has no meaning, from
 * `COMMENT ON` in its migration or from MEANINGS.
 */
export class MissingMeaningsError extends Error {
  override name = 'MissingMeaningsError';
  constructor(readonly missing: string[]) {
    super(
      `No meaning for ${missing.join(', ')}.\nAdd one to packages/db/src/docs/meanings.ts (or COMMENT ON in the migration), then run \`pnpm docs:generate\`.`,
    );
  }
}

const HEADER = (what: string) =>
  `<!-- Generated from the migrated database by \`pnpm docs:generate\`; do not edit. A test fails when it is out of date. -->\n\n# ${what}\n`;

function meaningOf(table: CatalogTable, column?: string): string | undefined {
  if (column === undefined) return table.comment ?? MEANINGS[table.name]?.table;
  const found = table.columns.find((c) => c.name === column);
  return found?.comment ?? MEANINGS[table.name]?.columns[column];
}

export function findMissingMeanings(tables: readonly CatalogTable[]): string[] {
  const missing: string[] = [];
  for (const table of tables) {
    if (!meaningOf(table)) missing.push(`table ${table.name}`);
    for (const column of table.columns)
      if (!meaningOf(table, column.name)) missing.push(`${table.name}.${column.name}`);
  }
  return missing;
}

/** Mermaid attribute types are single words. */
const mermaidType = (type: string) =>
  type
    .replace(/\(.*\)/, '')
    .replace(/\[\]$/, '_array')
    .replace(/\s+/g, '_');

export function renderErDiagram(tables: readonly CatalogTable[]): string {
  const lines = ['```mermaid', 'erDiagram'];
  for (const table of tables) {
    lines.push(`  ${table.name} {`);
    for (const column of table.columns) {
      const keys = [
        table.primaryKey.includes(column.name) ? 'PK' : null,
        table.foreignKeys.some((fk) => fk.columns.includes(column.name)) ? 'FK' : null,
        table.unique.some((u) => u.length === 1 && u[0] === column.name) ? 'UK' : null,
      ].filter(Boolean);
      lines.push(`    ${mermaidType(column.type)} ${column.name}${keys.length ? ` ${keys.join(', ')}` : ''}`);
    }
    lines.push('  }');
  }
  for (const table of tables) {
    for (const fk of table.foreignKeys) {
      const column = table.columns.find((c) => c.name === fk.columns[0]);
      const oneToOne = table.unique.some(
        (u) => u.length === fk.columns.length && u.every((c) => fk.columns.includes(c)),
      );
      // The referenced side: exactly one, or zero or one when the column may be null. The
      // referencing side: zero or one when the column is unique, else zero or more.
      const parent = column?.nullable ? '|o' : '||';
      const child = oneToOne ? 'o|' : 'o{';
      lines.push(`  ${fk.table} ${parent}--${child} ${table.name} : "${fk.columns.join(', ')}"`);
    }
  }
  lines.push('```');
  return `${HEADER('Entity-relationship diagram')}
Every table of the migrated schema with its columns (PK primary key, FK foreign key, UK unique),
and every foreign key as a relationship labelled with its column. Meanings are in the
[data dictionary](data-dictionary.md).

${lines.join('\n')}
`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderDataDictionary(tables: readonly CatalogTable[]): string {
  const missing = findMissingMeanings(tables);
  if (missing.length > 0) throw new MissingMeaningsError(missing);
  const sections = tables.map((table) => {
    const rows = table.columns.map((c) => {
      const fk = table.foreignKeys.find((k) => k.columns.length === 1 && k.columns[0] === c.name);
      const meaning = `${meaningOf(table, c.name)}${fk ? ` (→ ${fk.table}.${fk.references[0]})` : ''}`;
      const extra = c.generated ?? c.default ?? '';
      return `| \`${c.name}\` | ${cell(c.type)} | ${c.nullable ? 'yes' : 'no'} | ${extra ? `\`${cell(extra)}\`` : ''} | ${cell(meaning)} |`;
    });
    const keys = [
      `Primary key: ${table.primaryKey.map((c) => `\`${c}\``).join(', ') || 'none'}.`,
      ...table.unique.map((u) => `Unique: \`${cell(u.join(', '))}\`.`),
    ];
    return `## \`${table.name}\`

${meaningOf(table)}.

| column | type | null | default | meaning |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

${keys.join('\n')}
`;
  });
  return `${HEADER('Data dictionary')}
Every table and column of the migrated schema: type, whether it may be null, its default (or how
it is generated), and what it means. The relationships are drawn in the
[ER diagram](er-diagram.md).

${sections.join('\n')}`;
}
