// @itam/client: the typed client other TypeScript services use to talk to the API.
// Queries and mutations go over HTTP, subscriptions over a WebSocket (`ws` in Node).
// Imports the API's router type only; never server code at run time.
import type { AppRouter } from '@itam/api';
import type { Reason } from '@itam/domain';
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  type TRPCClient,
  TRPCClientError,
  wsLink,
} from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import NodeWebSocket from 'ws';
import { type RetryOptions, retryLinks } from './retry.ts';

export type { AppRouter, RetryOptions };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export interface ItamClientOptions {
  /** The server's base URL, e.g. `https://itam.example.com` (the API lives under `/trpc`). */
  url: string;
  /** A session or API token, sent as `Authorization: Bearer` and in the WebSocket connection params. */
  token?: string | undefined;
  /** A WebSocket implementation; defaults to the global one, else `ws`. */
  WebSocket?: typeof globalThis.WebSocket;
  /** Called when the live connection opens, closes or errs. */
  onConnectionChange?: (state: 'open' | 'closed') => void;
  /**
   * Queries, and mutations that take an idempotency key, are retried after a network failure or
   * a 503 (a key is generated when the call has none). `{ retries: 0 }` turns that off.
   */
  retry?: RetryOptions;
}

export type ItamClient = TRPCClient<AppRouter> & {
  /** Closes the live connection (the HTTP side holds nothing open). */
  close(): Promise<void>;
};

export function createItamClient(options: ItamClientOptions): ItamClient {
  const base = options.url.replace(/\/+$/, '');
  const headers = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const wsClient = createWSClient({
    url: `${base.replace(/^http/, 'ws')}/trpc`,
    WebSocket:
      options.WebSocket ?? globalThis.WebSocket ?? (NodeWebSocket as unknown as typeof globalThis.WebSocket),
    connectionParams: options.token ? { token: options.token } : null,
    lazy: { enabled: true, closeMs: 0 },
    onOpen: () => options.onConnectionChange?.('open'),
    onClose: () => options.onConnectionChange?.('closed'),
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient }),
        false: [...retryLinks(options.retry), httpBatchLink({ url: `${base}/trpc`, headers })],
      }),
    ],
  });
  // The tRPC client is a proxy that reads every property as a procedure path, so `close` is
  // answered by a thin proxy in front of it.
  const close = () => wsClient.close();
  return new Proxy(client, {
    get: (target, property, receiver) =>
      property === 'close' ? close : Reflect.get(target, property, receiver),
  }) as ItamClient;
}

/** The domain reason of a failed call (e.g. `ALREADY_ASSIGNED`), if it has one. */
export function reasonOf(error: unknown): Reason | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const reason = (error.data as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? (reason as Reason) : undefined;
}

export { TRPCClientError };
