import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiProvider } from '../api/ApiProvider.tsx';
import { errorMessage, isSignedOut } from '../api/errors.ts';
import { type Me, trpc } from '../api/trpc.ts';
import { FullPageMessage } from '../components/FullPageMessage.tsx';

interface Session {
  /** The signed-in user, or null on the sign-in pages. */
  user: Me | null;
  /** True after "Sign out" (not after a session expired): sign-in then starts afresh, not where the user was. */
  signedOutOnPurpose: boolean;
  /** After sign-in or sign-up: start a fresh API session for this user. */
  signedIn(user: Me): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionRoot>');
  return session;
}

/** The signed-in user; only for components rendered behind <RequireUser>. */
export function useUser(): Me {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}

/**
 * Owns "who is signed in". Each sign-in, sign-out or role change starts a new API session (new
 * query cache, new WebSocket) by changing the key of <ApiProvider>.
 */
export function SessionRoot({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ generation: number; seed: Me | null; onPurpose: boolean }>({
    generation: 0,
    seed: null,
    onPurpose: false,
  });
  const restart = useCallback(
    (seed: Me | null, onPurpose = false) =>
      setState((s) => ({ generation: s.generation + 1, seed, onPurpose })),
    [],
  );
  return (
    <ApiProvider key={state.generation}>
      <SessionProvider seed={state.seed} signedOutOnPurpose={state.onPurpose} restart={restart}>
        {children}
      </SessionProvider>
    </ApiProvider>
  );
}

function SessionProvider({
  seed,
  signedOutOnPurpose,
  restart,
  children,
}: {
  seed: Me | null;
  signedOutOnPurpose: boolean;
  restart: (seed: Me | null, onPurpose?: boolean) => void;
  children: ReactNode;
}) {
  const me = trpc.auth.me.useQuery(undefined, {
    initialData: seed ?? undefined,
    retry: (failures, error) => failures < 2 && !error.data,
    staleTime: 60_000,
  });
  const logout = trpc.auth.logout.useMutation();
  // Only the first load shows the loading screen; a re-check (which React Query reports as pending
  // again when the query never had data) must not unmount the sign-in form being typed into.
  const [resolved, setResolved] = useState(seed !== null);
  useEffect(() => {
    if (!me.isPending) setResolved(true);
  }, [me.isPending]);
  const signedOut = me.isError && isSignedOut(me.error);
  const user = signedOut ? null : (me.data ?? null);

  // The session ended under us (expired, disabled, signed out elsewhere): drop this session's
  // socket and cached data; the fresh one starts signed out.
  const lost = signedOut && me.data !== undefined;
  useEffect(() => {
    if (lost) restart(null);
  }, [lost, restart]);

  // The socket's caller was fixed when it connected: a new role needs a new connection.
  const role = user?.role;
  const [connectedAs, setConnectedAs] = useState(seed?.role ?? null);
  useEffect(() => {
    if (!role) return;
    if (!connectedAs) setConnectedAs(role);
    else if (role !== connectedAs && me.data) restart(me.data);
  }, [role, connectedAs, me.data, restart]);

  const value = useMemo<Session>(
    () => ({
      user,
      signedOutOnPurpose,
      signedIn: (next) => restart(next),
      signOut: async () => {
        try {
          await logout.mutateAsync();
        } finally {
          restart(null, true);
        }
      },
    }),
    [user, signedOutOnPurpose, restart, logout.mutateAsync],
  );

  if (me.isPending && !resolved) return <FullPageMessage title="Loading…" busy />;
  if (me.isError && !signedOut && !me.data) {
    return (
      <FullPageMessage
        title="The dashboard cannot start"
        action={{ label: 'Try again', onClick: () => void me.refetch() }}
      >
        {errorMessage(me.error)}
      </FullPageMessage>
    );
  }
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
