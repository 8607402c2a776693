import { type Database, insertNotifications, loadNotificationInput, tryLockNotificationJob } from '@itam/db';
import { computeReminders, todayUtc } from '@itam/domain';
import type { FastifyBaseLogger } from 'fastify';

export interface NotificationJobResult {
  /** False when another run (on any instance) held the lock: this tick was skipped. */
  ran: boolean;
  /** Reminders that did not exist yet. */
  created: number;
}

/**
 * One tick of the notification job: computes the reminders due on `now`'s day (UTC) and inserts
 * those that do not exist yet. One run at a time across every instance (a transaction-level
 * advisory lock; a run that finds it taken skips), and each reminder exists once per recipient
 * whatever happens (the unique dedupe key), so any number of instances may schedule it.
 */
export async function runNotificationJob(
  database: Pick<Database, 'db'>,
  now: Date,
): Promise<NotificationJobResult> {
  return database.db.transaction().execute(async (trx) => {
    if (!(await tryLockNotificationJob(trx))) return { ran: false, created: 0 };
    const input = await loadNotificationInput(trx, todayUtc(now));
    const created = await insertNotifications(trx, computeReminders(input));
    return { ran: true, created };
  });
}

/**
 * Runs the job now and then every `intervalMs` on this instance, never two ticks at once here.
 * A failed tick (the database away, say) is logged and the next one tries again. Returns the stop,
 * which waits for a tick in flight.
 */
export function scheduleNotificationJob(
  database: Pick<Database, 'db'>,
  log: FastifyBaseLogger,
  intervalMs: number,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runNotificationJob(database, new Date())
      .then((result) => {
        if (result.created > 0) log.info(result, 'notification job created reminders');
      })
      .catch((error: unknown) =>
        log.warn({ err: error }, 'notification job failed; retrying on the next tick'),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
