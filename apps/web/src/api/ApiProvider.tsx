import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createWSClient, httpBatchLink, splitLink, wsLink } from '@trpc/client';
import { type ReactNode, useLayoutEffect, useState } from 'react';
import { isSignedOut } from './errors.ts';
import { trpc } from './trpc.ts';

function wsUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/trpc`;
}

const ME_KEY = [['auth', 'me']];
const isMeQuery = (key: readonly unknown[]) => JSON.stringify(key[0]) === JSON.stringify(ME_KEY[0]);

function createClients() {
  // A call refused because the session ended (expired, signed out elsewhere, account disabled):
  // ask `auth.me` again, which fails too, and the session provider shows the sign-in page.
  const recheckSession = () => void queryClient.invalidateQueries({ queryKey: ME_KEY });
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isSignedOut(error) && !isMeQuery(query.queryKey)) recheckSession();
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        // Signing in with a disabled account is an answer to show, not a lost session.
        const auth = JSON.stringify(mutation.options.mutationKey?.[0] ?? []).startsWith('["auth"');
        if (isSignedOut(error) && !auth) recheckSession();
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (failures, error) =>
          failures < 2 && !(error as { data?: unknown }).data /* only retry unanswered requests */,
      },
    },
  });
  const wsClient = createWSClient({ url: wsUrl() });
  const trpcClient = trpc.createClient({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({ url: '/trpc' }),
      }),
    ],
  });
  return { queryClient, wsClient, trpcClient };
}

/**
 * The tRPC and React Query clients for one session. The WebSocket's context (who is calling) is
 * fixed when it connects, so the parent remounts this provider with a new key after sign-in and
 * sign-out: a fresh socket carries the new cookie, and no cached data outlives its user.
 */
export function ApiProvider({ children }: { children: ReactNode }) {
  const [clients, setClients] = useState<ReturnType<typeof createClients> | null>(null);
  // A layout effect runs before the first paint rather than after it, so the session check that
  // every first page waits for is asked a frame sooner.
  useLayoutEffect(() => {
    const created = createClients();
    setClients(created);
    return () => {
      void created.wsClient.close();
      created.queryClient.clear();
    };
  }, []);
  if (!clients) return null;
  return (
    <trpc.Provider client={clients.trpcClient} queryClient={clients.queryClient}>
      <QueryClientProvider client={clients.queryClient}>{children}</QueryClientProvider>
    </trpc.Provider>
  );
}
