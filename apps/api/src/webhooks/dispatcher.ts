import {
  type ClaimedDelivery,
  claimDueDeliveries,
  type Database,
  type EnqueueCandidates,
  enqueueDeliveries,
  hasActiveWebhooks,
  recordAttempt,
} from '@itam/db';
import {
  decideAfterAttempt,
  eventTypeOf,
  isDelivered,
  matchesEventTypes,
  type RetryPolicy,
} from '@itam/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { Keyring } from '../secrets.ts';
import { deliveryBody, signDelivery } from './signing.ts';

export interface DispatcherSettings extends RetryPolicy {
  intervalMs: number;
  timeoutMs: number;
  /** Deliveries in flight at once in this instance. */
  concurrency: number;
}

/** Events turned into deliveries per enqueue transaction. */
const ENQUEUE_BATCH = 500;
/**
 * Passes start at most this often: under a burst of writes every commit rings the doorbell, and
 * a pass per ring would cost two transactions per write. A delivery waits at most this long more.
 */
const PASS_GAP_MS = 50;

/** Which active webhook gets which event: each webhook, events after its creation, of its types. */
export function chooseDeliveries(candidates: EnqueueCandidates): { webhookId: string; eventId: number }[] {
  // Not destructured in the signature: the declaration shipped with @itam/client sees this type only opaquely.
  const { events, webhooks } = candidates;
  return webhooks.flatMap((webhook) =>
    events
      .filter((event) => event.id > webhook.sinceEventId && matchesEventTypes(webhook.eventTypes, event.type))
      .map((event) => ({ webhookId: webhook.id, eventId: event.id })),
  );
}

/**
 * One per API instance. Each pass (every `intervalMs`, and whenever the event hub sees a new
 * event or a send ends) turns new events into deliveries, then claims due deliveries up to the
 * free slots and sends them, each in its own promise: no transaction is open during an HTTP
 * call, a call never outlives `timeoutMs`, and a webhook has at most one call in flight here,
 * so a slow endpoint holds one slot and never blocks the API or the other webhooks.
 */
export class WebhookDispatcher {
  #inFlight = new Map<string, Promise<void>>();
  #abort = new AbortController();
  #pass: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #delayed: NodeJS.Timeout | undefined;
  #lastPassAt = 0;
  #stopped = false;
  /** Asks the event hub to listen, so commits ring `wake`; returns the release. */
  #wantRings: (() => () => void) | undefined;
  #releaseRings: (() => void) | undefined;

  constructor(
    private readonly database: Database,
    private readonly keyring: Keyring,
    private readonly log: FastifyBaseLogger,
    private readonly settings: DispatcherSettings,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * While a webhook is active, keeps the event hub listening (`want`), so a new event wakes a
   * pass at once; with none, passes run on the interval and the hub may stop listening (an
   * instance nobody follows costs the database nothing per commit). A webhook created here wakes
   * a pass itself; one created on another instance is seen at the next interval.
   */
  followRings(want: () => () => void): void {
    this.#wantRings = want;
  }

  start(): void {
    this.#timer = setInterval(() => this.wake(), this.settings.intervalMs);
    this.#timer.unref();
    this.wake();
  }

  /**
   * Asks for a pass now, or as soon as `PASS_GAP_MS` has passed since the last one started; wakes
   * during a pass, or while one waits to start, coalesce into that one.
   */
  wake(): void {
    if (this.#stopped) return;
    if (this.#pass) {
      this.#again = true;
      return;
    }
    if (this.#delayed) return;
    const wait = this.#lastPassAt + PASS_GAP_MS - Date.now();
    if (wait > 0) {
      this.#delayed = setTimeout(() => {
        this.#delayed = undefined;
        this.wake();
      }, wait);
      return;
    }
    this.#lastPassAt = Date.now();
    this.#pass = this.#runPass().finally(() => {
      this.#pass = undefined;
      if (this.#again && !this.#stopped) {
        this.#again = false;
        this.wake();
      }
    });
  }

  /** Stops passes, aborts the calls in flight (their delivery is due again after its lease) and waits for them. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#delayed) clearTimeout(this.#delayed);
    this.#abort.abort();
    await this.#pass;
    this.#releaseRings?.();
    this.#releaseRings = undefined;
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  async #updateRings(): Promise<void> {
    if (!this.#wantRings) return;
    const active = await hasActiveWebhooks(this.database.db);
    if (this.#stopped) return;
    if (active && !this.#releaseRings) this.#releaseRings = this.#wantRings();
    else if (!active && this.#releaseRings) {
      this.#releaseRings();
      this.#releaseRings = undefined;
    }
  }

  async #runPass(): Promise<void> {
    try {
      for (;;) {
        const result = await enqueueDeliveries(this.database.db, ENQUEUE_BATCH, chooseDeliveries);
        if (result.state === 'busy' || result.scanned < ENQUEUE_BATCH) break;
      }
      const free = this.settings.concurrency - this.#inFlight.size;
      const claimed = await claimDueDeliveries(this.database.db, {
        limit: free,
        busyWebhookIds: [...this.#inFlight.keys()],
        // Longer than any call can take, so no other instance retries a call still in flight.
        leaseMs: this.settings.timeoutMs * 2 + 30_000,
      });
      for (const delivery of claimed) {
        const sending = this.#send(delivery).finally(() => {
          this.#inFlight.delete(delivery.webhookId);
          this.wake();
        });
        this.#inFlight.set(delivery.webhookId, sending);
      }
      await this.#updateRings();
    } catch (error) {
      // The database is unreachable for now: the next pass starts again from the table.
      if (!this.#stopped) this.log.warn({ err: error }, 'webhook pass failed');
    }
  }

  async #send(delivery: ClaimedDelivery): Promise<void> {
    const started = new Date();
    const outcome = await this.#post(delivery);
    const ok = isDelivered(outcome.statusCode);
    const next = decideAfterAttempt({ ok, attempt: delivery.roundAttempt }, this.settings, this.random());
    try {
      await recordAttempt(this.database.db, {
        deliveryId: delivery.deliveryId,
        attempt: delivery.attempt,
        at: started,
        durationMs: Date.now() - started.getTime(),
        statusCode: outcome.statusCode,
        error: ok ? null : outcome.error,
        ok,
        next,
      });
    } catch (error) {
      // Unrecorded: the delivery is due again when its lease ends, and is sent again then.
      this.log.warn({ err: error, delivery: delivery.deliveryId }, 'recording a webhook attempt failed');
      return;
    }
    if (next.status === 'pending' && next.retryInMs < this.settings.intervalMs) {
      setTimeout(() => this.wake(), next.retryInMs + 5).unref();
    }
  }

  async #post(delivery: ClaimedDelivery): Promise<{ statusCode: number | null; error: string | null }> {
    const { timeoutMs } = this.settings;
    // why not AbortSignal.timeout + AbortSignal.any: on Node 20 the combined signal can be garbage
    // collected with its timer before it fires, and a hanging receiver then hangs the call for good.
    const call = new AbortController();
    const timer = setTimeout(() => call.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
    const onStop = () => call.abort(new DOMException('shutting down', 'AbortError'));
    this.#abort.signal.addEventListener('abort', onStop, { once: true });
    try {
      const secret = this.keyring.open(delivery.secretEncrypted);
      const body = deliveryBody(delivery.event);
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        signal: call.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'itam-webhooks/1',
          'x-itam-event-id': delivery.event.id,
          'x-itam-event-type': eventTypeOf(delivery.event),
          'x-itam-delivery-id': delivery.deliveryId,
          'x-itam-attempt': String(delivery.attempt),
          'x-itam-timestamp': String(timestamp),
          'x-itam-signature': signDelivery(secret, timestamp, body),
        },
        body,
      });
      // The answer's body is not used: do not wait for it.
      await response.body?.cancel().catch(() => {});
      return {
        statusCode: response.status,
        error: isDelivered(response.status) ? null : `HTTP ${response.status}`,
      };
    } catch (error) {
      return { statusCode: null, error: describeFailure(error, timeoutMs) };
    } finally {
      clearTimeout(timer);
      this.#abort.signal.removeEventListener('abort', onStop);
    }
  }
}

/** A short, stable description for the attempt log: a timeout, or the network error's code. */
export function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  if (e?.name === 'AbortError') return 'aborted: the server is shutting down';
  const cause = e?.cause;
  if (cause?.code) return `${cause.code}: ${cause.message ?? ''}`.trim().slice(0, 500);
  return (e?.message ?? String(error)).slice(0, 500);
}
