import type { ReactNode } from 'react';

/** The centred card around the sign-in and sign-up forms. */
export function AuthLayout({
  title,
  children,
  footer,
}: {
  title: string;
  children: ReactNode;
  footer: ReactNode;
}) {
  return (
    <main className="auth" id="main">
      <div className="auth-card">
        <p className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          ITAM
        </p>
        <h1>{title}</h1>
        {children}
        <p className="auth-footer">{footer}</p>
      </div>
    </main>
  );
}
