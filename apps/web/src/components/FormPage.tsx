import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';

/**
 * The frame of every "new" and "edit" page: breadcrumbs back to the list (and the record), the
 * heading, and the form in a panel.
 */
export function FormPage({
  crumbs,
  current,
  title,
  children,
}: {
  /** The pages above this one, outermost first. */
  crumbs: readonly { to: string; label: string }[];
  /** This page in the breadcrumbs, e.g. "New" or "Edit". */
  current: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        {crumbs.map((crumb) => (
          <span key={crumb.to}>
            <Link to={crumb.to}>{crumb.label}</Link> <span aria-hidden="true">/</span>{' '}
          </span>
        ))}
        <span aria-current="page">{current}</span>
      </nav>
      <div className="page-head">
        <h1>{title}</h1>
      </div>
      <div className="panel">{children}</div>
    </>
  );
}

type Checked<T, E> = { ok: true; value: T } | { ok: false; errors: E };

/**
 * The errors a record form shows: per field (its own checks or the server's) and for the form as a
 * whole. `check` runs the form's own validation and hands a valid value to `save`.
 */
export function useFormErrors<E extends Record<string, string | undefined>>() {
  const [errors, setErrors] = useState<E>({} as E);
  const [formError, setFormError] = useState<string | null>(null);

  const check = <T,>(result: Checked<T, E>, save: (value: T) => void): E | undefined => {
    setFormError(null);
    if (!result.ok) {
      setErrors(result.errors);
      return result.errors;
    }
    setErrors({} as E);
    save(result.value);
    return undefined;
  };

  const showServerError = (refusal: { formError: string | null; fieldErrors: E }) => {
    setFormError(refusal.formError);
    setErrors(refusal.fieldErrors);
  };

  return { errors, formError, check, showServerError };
}
