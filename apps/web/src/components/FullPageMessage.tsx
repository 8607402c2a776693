import type { ReactNode } from 'react';

/** A whole-window message for before the dashboard can show anything (loading, server unreachable). */
export function FullPageMessage({
  title,
  children,
  busy = false,
  action,
}: {
  title: string;
  children?: ReactNode;
  busy?: boolean;
  action?: { label: string; onClick: () => void };
}) {
  return (
    <main className="full-page" aria-busy={busy}>
      <div className="full-page-card">
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        <h1>{title}</h1>
        {children ? <p>{children}</p> : null}
        {action ? (
          <button type="button" className="button primary" onClick={action.onClick}>
            {action.label}
          </button>
        ) : null}
      </div>
    </main>
  );
}
