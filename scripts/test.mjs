// `npm test`: install, then run the whole suite (`pnpm run test:all`: typecheck, lint, tests
// including the browser tests, build). Works from a clean clone with only Node.js and npm.
import { pnpm, stopWhenOrphaned } from './pnpm.mjs';

stopWhenOrphaned();

try {
  await pnpm(['install', '--frozen-lockfile']);
  await pnpm(['run', 'test:all']);
} catch (error) {
  console.error(`[test] ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
