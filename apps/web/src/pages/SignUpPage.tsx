import { SignUpInput } from '@itam/domain';
import { fieldErrorsOf, reasonOf } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { useDocumentTitle } from '../lib/hooks.ts';
import { useSession } from '../session/session.tsx';
import { AuthForm } from './AuthForm.tsx';

type SignUpField = 'username' | 'email' | 'password';

/** A taken name or email belongs beside its field as well as at the top. */
function fieldErrorsOfSignUp(error: unknown): Partial<Record<SignUpField, string>> {
  if (!error) return {};
  const reason = reasonOf(error);
  const message = (error as { message: string }).message;
  if (reason === 'USERNAME_TAKEN') return { username: message };
  if (reason === 'EMAIL_TAKEN') return { email: message };
  return fieldErrorsOf(error) as Partial<Record<SignUpField, string>>;
}

export function SignUpPage() {
  useDocumentTitle('Create account');
  const { signedIn } = useSession();
  const signUp = trpc.auth.signUp.useMutation({ onSuccess: ({ user }) => signedIn(user) });
  return (
    <AuthForm
      idPrefix="signup"
      title="Create account"
      schema={SignUpInput}
      fields={[
        { name: 'username', label: 'Username', autoComplete: 'username', hint: 'Letters, digits, . _ -' },
        { name: 'email', label: 'Email', type: 'email', autoComplete: 'email' },
        {
          name: 'password',
          label: 'Password',
          type: 'password',
          autoComplete: 'new-password',
          hint: 'At least 8 characters.',
        },
      ]}
      submit={(input) => signUp.mutate(input)}
      pending={signUp.isPending}
      error={signUp.error}
      serverErrors={fieldErrorsOfSignUp(signUp.error)}
      other={{ prompt: 'Already have an account?', to: '/login', label: 'Sign in' }}
    />
  );
}
