import type { ImportKind, ImportProblem } from '@itam/domain';

/** What `POST /import/<kind>.csv` answers (the API's `ImportReport`). */
export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  rows: number;
  created: number;
  problems: ImportProblem[];
  importId: string | null;
}

export class ImportFailed extends Error {
  constructor(
    message: string,
    readonly reason: string | null,
    readonly report: ImportReport | null,
  ) {
    super(message);
  }
}

/** Sends a file for a dry run or an apply; a refused apply throws with its report. */
export async function uploadCsv(
  kind: ImportKind,
  file: Blob,
  mode: 'dry-run' | 'apply',
): Promise<ImportReport> {
  const response = await fetch(`/import/${kind}.csv?mode=${mode}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: file,
    credentials: 'same-origin',
  });
  const body = (await response.json().catch(() => null)) as
    | ImportReport
    | { error?: { message?: string; reason?: string; details?: { report?: ImportReport } } }
    | null;
  if (response.ok && body && 'problems' in body) return body;
  const error = body && 'error' in body ? body.error : undefined;
  throw new ImportFailed(
    error?.message ?? `The server answered ${response.status}.`,
    error?.reason ?? null,
    error?.details?.report ?? null,
  );
}
