/**
 * A separate Node process running the notification job against a database, as another API
 * instance would: `tsx test/notification-job-process.ts <postgres-url> <iso-now> <runs> <start-at-ms>`.
 * Waits until `start-at-ms` (so that several processes start their runs together), then prints
 * one JSON line with each run's result.
 */
import { createDatabase } from '@itam/db';
import { runNotificationJob } from '../src/jobs/notifications.ts';

const [url, now, runs, startAt] = process.argv.slice(2);
const database = await createDatabase(url, { poolSize: 2, migrate: false });
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt ?? 0) - Date.now())));
try {
  const results = [];
  for (let i = 0; i < Number(runs ?? 1); i++)
    results.push(await runNotificationJob(database, new Date(now!)));
  console.log(JSON.stringify(results));
} finally {
  await database.close();
}
