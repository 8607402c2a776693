import type { ExportKind } from '@itam/domain';

/**
 * The export URL for a table with its current filters: the list procedure's input, less paging,
 * as a query string (`/export/assets.csv?stage=deployed&stage=lost`). The API reads it with the
 * list procedure's own schema.
 */
export function exportHref(kind: ExportKind, input: Record<string, unknown> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(input)) {
    if (key === 'limit' || key === 'cursor' || key === 'direction') continue;
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const query = params.toString();
  return `/export/${kind}.csv${query ? `?${query}` : ''}`;
}
