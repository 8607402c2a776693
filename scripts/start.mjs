// `npm start`: install, build the web app, then run the API in production mode.
// Works from a clean clone with only Node.js and npm (pnpm comes through npx if needed).
// Arguments are passed on to the API: `npm start -- --some-flag`.
// The environment is passed through (PORT, HOST, DATABASE_URL, ITAM_SECRET, ...);
// NODE_ENV defaults to production.
import { pnpm, stopWhenOrphaned } from './pnpm.mjs';

stopWhenOrphaned();

const args = process.argv.slice(2);

try {
  await pnpm(['install', '--frozen-lockfile']);
  await pnpm(['--filter', '@itam/web', 'build']);
  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV || 'production' };
  // No `--` before the arguments: pnpm 12 would pass a literal `--` on to the script.
  await pnpm(['--filter', '@itam/api', 'start', ...args], { env });
} catch (error) {
  console.error(`[start] ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
