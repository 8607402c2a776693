import { SignUpInput } from '@itam/domain';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { errorMessage, fieldErrorsOf, reasonOf } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { Field, issuesByField } from '../components/Field.tsx';
import { FormError } from '../components/States.tsx';
import { useDocumentTitle } from '../lib/hooks.ts';
import { useSession } from '../session/session.tsx';
import { AuthLayout } from './AuthLayout.tsx';
import { useReturnTo } from './LoginPage.tsx';

const FIELDS = ['username', 'email', 'password'] as const;

export function SignUpPage() {
  useDocumentTitle('Create account');
  const { user, signedIn } = useSession();
  const returnTo = useReturnTo();
  const location = useLocation();
  const [values, setValues] = useState({ username: '', email: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const signUp = trpc.auth.signUp.useMutation({
    onSuccess: ({ user }) => signedIn(user),
    onError: (error) => {
      const reason = reasonOf(error);
      // A taken name or email belongs beside its field as well as at the top.
      if (reason === 'USERNAME_TAKEN') setErrors({ username: error.message });
      else if (reason === 'EMAIL_TAKEN') setErrors({ email: error.message });
      else setErrors(fieldErrorsOf(error));
    },
  });

  if (user) return <Navigate to={returnTo} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = SignUpInput.safeParse(values);
    if (!parsed.success) {
      const byField = issuesByField(parsed.error.issues);
      setErrors(byField);
      const first = FIELDS.find((f) => byField[f]);
      if (first) document.getElementById(`signup-${first}`)?.focus();
      return;
    }
    setErrors({});
    signUp.mutate(parsed.data);
  };

  return (
    <AuthLayout
      title="Create account"
      footer={
        <>
          Already have an account?{' '}
          <Link to="/login" state={location.state}>
            Sign in
          </Link>
        </>
      }
    >
      <form className="form" noValidate onSubmit={onSubmit}>
        <FormError message={signUp.error ? errorMessage(signUp.error) : null} />
        <Field id="signup-username" label="Username" error={errors.username} hint="Letters, digits, . _ -">
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
        <Field id="signup-email" label="Email" error={errors.email}>
          {(control) => (
            <input
              {...control}
              name="email"
              type="email"
              autoComplete="email"
              value={values.email}
              onChange={(e) => setValues({ ...values, email: e.target.value })}
            />
          )}
        </Field>
        <Field id="signup-password" label="Password" error={errors.password} hint="At least 8 characters.">
          {(control) => (
            <input
              {...control}
              name="password"
              type="password"
              autoComplete="new-password"
              value={values.password}
              onChange={(e) => setValues({ ...values, password: e.target.value })}
            />
          )}
        </Field>
        <button type="submit" className="button primary block" disabled={signUp.isPending}>
          Create account
        </button>
      </form>
    </AuthLayout>
  );
}
