import { can, IMPORT_ACTION, IMPORT_KINDS, IMPORT_SPECS, type ImportKind } from '@itam/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '../components/States.tsx';
import { ProblemTable } from '../csv/ProblemTable.tsx';
import { ImportFailed, type ImportReport, uploadCsv } from '../csv/upload.ts';
import { useDocumentTitle } from '../lib/hooks.ts';
import { useUser } from '../session/session.tsx';
import { NoAccess } from './NoAccess.tsx';

const KIND_LABELS: Record<ImportKind, string> = { assets: 'Assets', licenses: 'Licenses', users: 'Users' };

/** Staff upload a CSV file, see every problem of a dry run, then import it all at once. */
export function ImportPage() {
  useDocumentTitle('Import');
  const user = useUser();
  const kinds = IMPORT_KINDS.filter((k) => can(user, IMPORT_ACTION[k]));
  if (kinds.length === 0) return <NoAccess />;
  return <Import kinds={kinds} />;
}

type Step =
  | { at: 'choose' }
  | { at: 'checked'; report: ImportReport }
  | { at: 'imported'; report: ImportReport };

function Import({ kinds }: { kinds: ImportKind[] }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<ImportKind>(kinds[0]!);
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ at: 'choose' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (mode: 'dry-run' | 'apply') => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const report = await uploadCsv(kind, file, mode);
      setStep({ at: mode === 'apply' ? 'imported' : 'checked', report });
      if (mode === 'apply') await queryClient.invalidateQueries();
    } catch (e) {
      if (e instanceof ImportFailed && e.report) setStep({ at: 'checked', report: e.report });
      setError(e instanceof Error ? e.message : 'The file could not be sent.');
    } finally {
      setBusy(false);
    }
  };

  const columns = Object.keys(IMPORT_SPECS[kind].columns);
  const required = IMPORT_SPECS[kind].required;
  const report = step.at === 'choose' ? null : step.report;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Import</h1>
          <p className="page-sub">
            Add many records at once from a CSV file: check it first, then import it whole.
          </p>
        </div>
      </div>
      <form
        className="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run('dry-run');
        }}
      >
        <div className="filters-row">
          <div className="field">
            <label htmlFor="import-kind">What</label>
            <select
              id="import-kind"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as ImportKind);
                setStep({ at: 'choose' });
              }}
            >
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="import-file">CSV file (UTF-8, a header row first)</label>
            <input
              id="import-file"
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setStep({ at: 'choose' });
                setError(null);
              }}
            />
          </div>
          <button type="submit" className="button" disabled={!file || busy} aria-busy={busy}>
            Check file
          </button>
        </div>
        <p className="muted">
          Columns: {columns.map((c) => (required.includes(c) ? `${c} (required)` : c)).join(', ')}.
          {kind === 'users' ? ' Imported accounts have no password until an admin sets one.' : null}
        </p>
      </form>

      <FormError message={error} />

      {report && step.at === 'checked' ? (
        report.problems.length > 0 ? (
          <section aria-label="Check result">
            <p role="status">
              {report.problems.length} {report.problems.length === 1 ? 'problem' : 'problems'} in{' '}
              {report.rows} rows. Nothing was imported: fix the file and check it again.
            </p>
            <ProblemTable problems={report.problems} />
          </section>
        ) : (
          <section aria-label="Check result">
            <p role="status">
              {report.rows} {report.rows === 1 ? 'row' : 'rows'} checked: no problems.
            </p>
            <button
              type="button"
              className="button primary"
              disabled={busy || report.rows === 0}
              aria-busy={busy}
              onClick={() => void run('apply')}
            >
              Import {report.rows} {report.rows === 1 ? 'row' : 'rows'}
            </button>
          </section>
        )
      ) : null}

      {report && step.at === 'imported' ? (
        <p role="status" className="import-done">
          Imported {report.created} {KIND_LABELS[kind].toLowerCase()}.
        </p>
      ) : null}
    </>
  );
}
