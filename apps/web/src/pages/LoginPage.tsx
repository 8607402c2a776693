import { LoginInput } from '@itam/domain';
import { trpc } from '../api/trpc.ts';
import { useDocumentTitle } from '../lib/hooks.ts';
import { useSession } from '../session/session.tsx';
import { AuthForm } from './AuthForm.tsx';

export function LoginPage() {
  useDocumentTitle('Sign in');
  const { signedIn } = useSession();
  const login = trpc.auth.login.useMutation({ onSuccess: ({ user }) => signedIn(user) });
  return (
    <AuthForm
      idPrefix="login"
      title="Sign in"
      schema={LoginInput}
      fields={[
        { name: 'username', label: 'Username or email', autoComplete: 'username' },
        { name: 'password', label: 'Password', type: 'password', autoComplete: 'current-password' },
      ]}
      submit={(input) => login.mutate(input)}
      pending={login.isPending}
      error={login.error}
      other={{ prompt: 'No account yet?', to: '/signup', label: 'Create one' }}
    />
  );
}
