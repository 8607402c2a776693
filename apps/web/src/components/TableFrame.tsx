import type { ReactNode } from 'react';

/**
 * The frame around a table. On a narrow screen the table scrolls sideways inside it, so the frame
 * takes keyboard focus (arrow keys scroll it) and is a named region for screen readers.
 */
export function TableFrame({
  label,
  flat = false,
  children,
}: {
  label: string;
  flat?: boolean;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1; axe's scrollable-region-focusable)
    <section className={flat ? 'table-wrap flat' : 'table-wrap'} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
