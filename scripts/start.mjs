// `npm start`: install, build the web app, then run the API in production mode.
// Works from a clean clone with only Node.js and npm (pnpm comes through npx if needed).
// Arguments are passed on to the API: `npm start -- --some-flag`.
// The environment is passed through (PORT, HOST, DATABASE_URL, ITAM_SECRET, ...);
// NODE_ENV defaults to production.
import { fileURLToPath } from 'node:url';
import { pnpm, stopWhenOrphaned } from './pnpm.mjs';

stopWhenOrphaned();

const args = process.argv.slice(2);

try {
  await pnpm(['install', '--frozen-lockfile']);
  await pnpm(['--filter', '@itam/web', 'build']);
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'production',
    // The API runs in apps/api; keep the embedded database where the README says: .data/ at the root.
    ITAM_DATA_DIR: process.env.ITAM_DATA_DIR || fileURLToPath(new URL('../.data/pglite', import.meta.url)),
  };
  // No `--` before the arguments: pnpm 12 would pass a literal `--` on to the script.
  await pnpm(['--filter', '@itam/api', 'start', ...args], { env });
} catch (error) {
  console.error(`[start] ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
