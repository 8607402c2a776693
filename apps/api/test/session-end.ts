/**
 * What the server does to an open subscription when the session or token behind it ends: the
 * subscription ends with a reason and the socket is closed with 4401, within 5 s.
 */
import type { AuditEvent } from '@itam/domain';
import { createTRPCClient, createWSClient, type TRPCClientError, wsLink } from '@trpc/client';
import { expect } from 'vitest';
import WebSocket from 'ws';
import type { AppRouter } from '../src/router.ts';

export interface SubscriptionEnd {
  /** The WebSocket endpoint, ws://…/trpc. */
  wsUrl: string;
  /** The session or API token the subscription runs with. */
  token: string;
  /** A change the subscriber may see; resolves to the record it changed. */
  sync: () => Promise<{ id: string }>;
  /** Ends the session or token. */
  end: () => Promise<unknown>;
}

/**
 * Subscribes to `events.onChange` with the token, checks that events flow (`sync` until one
 * arrives), ends the token with `end`, expects the socket closed with 4401 within 5 s, and
 * resolves to the reason the subscription ended with.
 */
export async function endUnderSubscription({ wsUrl, token, sync, end }: SubscriptionEnd) {
  const closes: number[] = [];
  const errors: TRPCClientError<AppRouter>[] = [];
  const received: string[] = [];
  const wsClient = createWSClient({
    url: wsUrl,
    // why: Node 20 has no global WebSocket; `ws` is the implementation the server uses too.
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token },
    onClose: (cause) => closes.push(cause?.code ?? 0),
    retryDelayMs: () => 60_000,
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  const subscription = client.events.onChange.subscribe(
    {},
    {
      onData: (value) => received.push((value as { data: AuditEvent }).data.entityId),
      onError: (error) => errors.push(error as TRPCClientError<AppRouter>),
    },
  );
  try {
    await expect
      .poll(async () => {
        const { id } = await sync();
        return received.includes(id);
      })
      .toBe(true);
    await end();
    const endedAt = Date.now();
    await expect.poll(() => closes, { timeout: 5_000, interval: 50 }).toContain(4401);
    expect(Date.now() - endedAt).toBeLessThan(5_000);
    return errors[0]?.data?.reason;
  } finally {
    subscription.unsubscribe();
    await wsClient.close();
  }
}
