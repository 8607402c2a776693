import { LoginInput } from '@itam/domain';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { errorMessage } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { Field, issuesByField } from '../components/Field.tsx';
import { FormError } from '../components/States.tsx';
import { useDocumentTitle } from '../lib/hooks.ts';
import { useSession } from '../session/session.tsx';
import { AuthLayout } from './AuthLayout.tsx';

/** Where to go after signing in: the page that sent the user here, else their start page. */
export function useReturnTo(): string {
  const from = (useLocation().state as { from?: string } | null)?.from;
  return from?.startsWith('/') && !from.startsWith('/login') && !from.startsWith('/signup') ? from : '/';
}

export function LoginPage() {
  useDocumentTitle('Sign in');
  const { user, signedIn } = useSession();
  const returnTo = useReturnTo();
  const location = useLocation();
  const [values, setValues] = useState({ username: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const login = trpc.auth.login.useMutation({ onSuccess: ({ user }) => signedIn(user) });

  if (user) return <Navigate to={returnTo} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = LoginInput.safeParse(values);
    if (!parsed.success) {
      const byField = issuesByField(parsed.error.issues);
      setErrors(byField);
      document.getElementById(byField.username ? 'login-username' : 'login-password')?.focus();
      return;
    }
    setErrors({});
    login.mutate(parsed.data);
  };

  return (
    <AuthLayout
      title="Sign in"
      footer={
        <>
          No account yet?{' '}
          <Link to="/signup" state={location.state}>
            Create one
          </Link>
        </>
      }
    >
      <form className="form" noValidate onSubmit={onSubmit}>
        <FormError message={login.error ? errorMessage(login.error) : null} />
        <Field id="login-username" label="Username or email" error={errors.username}>
          {(control) => (
            <input
              {...control}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={values.username}
              onChange={(e) => setValues({ ...values, username: e.target.value })}
            />
          )}
        </Field>
        <Field id="login-password" label="Password" error={errors.password}>
          {(control) => (
            <input
              {...control}
              name="password"
              type="password"
              autoComplete="current-password"
              value={values.password}
              onChange={(e) => setValues({ ...values, password: e.target.value })}
            />
          )}
        </Field>
        <button type="submit" className="button primary block" disabled={login.isPending}>
          Sign in
        </button>
      </form>
    </AuthLayout>
  );
}
