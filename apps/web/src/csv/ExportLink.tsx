import type { ExportKind } from '@itam/domain';
import { exportHref } from './exportHref.ts';

/** "Export CSV": downloads the table as it is filtered now (the browser sends the session cookie). */
export function ExportLink({ kind, input }: { kind: ExportKind; input?: Record<string, unknown> }) {
  return (
    <a className="button export-link" href={exportHref(kind, input)} download>
      Export CSV
    </a>
  );
}
