import { type FormEvent, useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { errorMessage } from '../api/errors.ts';
import { Field, issuesByField } from '../components/Field.tsx';
import { FormError } from '../components/States.tsx';
import { useSession } from '../session/session.tsx';
import { AuthLayout } from './AuthLayout.tsx';

/** Where to go after signing in: the page that sent the user here, else their start page. */
export function useReturnTo(): string {
  const from = (useLocation().state as { from?: string } | null)?.from;
  return from?.startsWith('/') && !from.startsWith('/login') && !from.startsWith('/signup') ? from : '/';
}

/** The domain's zod schema for the form, as far as the form uses it. */
interface FormSchema<Name extends string> {
  safeParse(
    values: unknown,
  ):
    | { success: true; data: Record<Name, string> }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export interface AuthField<Name extends string> {
  name: Name;
  label: string;
  type?: 'text' | 'email' | 'password';
  autoComplete: string;
  hint?: string;
}

/**
 * The sign-in and sign-up forms: fields checked with the domain's schema before sending (the first
 * wrong one gets focus), the server's refusal on top, and a link to the other form that keeps the
 * page the visitor came from. A signed-in visitor goes on to that page.
 */
export function AuthForm<Name extends string>({
  idPrefix,
  title,
  schema,
  fields,
  submit,
  pending,
  error,
  serverErrors,
  other,
}: {
  idPrefix: string;
  title: string;
  schema: FormSchema<Name>;
  fields: readonly AuthField<Name>[];
  submit: (input: Record<Name, string>) => void;
  pending: boolean;
  error: unknown;
  /** Field errors from the server's refusal (e.g. a taken username). */
  serverErrors?: Partial<Record<Name, string>>;
  other: { prompt: string; to: string; label: string };
}) {
  const { user } = useSession();
  const returnTo = useReturnTo();
  const location = useLocation();
  const [values, setValues] = useState(() => Object.fromEntries(fields.map((f) => [f.name, ''])));
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const shown: Partial<Record<string, string>> = { ...errors, ...serverErrors };

  if (user) return <Navigate to={returnTo} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      const byField = issuesByField(parsed.error.issues);
      setErrors(byField);
      const first = fields.find((f) => byField[f.name]);
      if (first) document.getElementById(`${idPrefix}-${first.name}`)?.focus();
      return;
    }
    setErrors({});
    submit(parsed.data);
  };

  return (
    <AuthLayout
      title={title}
      footer={
        <>
          {other.prompt}{' '}
          <Link to={other.to} state={location.state}>
            {other.label}
          </Link>
        </>
      }
    >
      <form className="form" noValidate onSubmit={onSubmit}>
        <FormError message={error ? errorMessage(error) : null} />
        {fields.map((field) => (
          <Field
            key={field.name}
            id={`${idPrefix}-${field.name}`}
            label={field.label}
            error={shown[field.name]}
            {...(field.hint ? { hint: field.hint } : {})}
          >
            {(control) => (
              <input
                {...control}
                name={field.name}
                type={field.type ?? 'text'}
                autoComplete={field.autoComplete}
                {...(field.type ? {} : { autoCapitalize: 'none', spellCheck: false })}
                value={values[field.name] ?? ''}
                onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
              />
            )}
          </Field>
        ))}
        <button type="submit" className="button primary block" disabled={pending}>
          {title}
        </button>
      </form>
    </AuthLayout>
  );
}
