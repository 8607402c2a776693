import { isPostgresUrl } from '@itam/db';
import { ConfigError, loadConfig } from './config.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo.ts';
import { tuneRuntime } from './runtime.ts';
import { createServer } from './server.ts';

/** Reads config and starts the server. `--demo` seeds demo data into an empty PostgreSQL database. */
async function main() {
  tuneRuntime();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createServer(config);
  const { database } = app.services;
  const embedded = !isPostgresUrl(config.DATABASE_URL);
  const wantsDemo = embedded || process.argv.includes('--demo');
  const seeded = wantsDemo && (await seedDemo(database, app.services.keyring));

  const url = await app.start();
  const shown = url.replace('127.0.0.1', 'localhost');
  app.server.log.info({ database: database.kind, location: database.location }, 'database ready');
  console.log(`\n  IT asset management is running at ${shown}`);
  console.log(
    `  Database: ${database.kind === 'pglite' ? `embedded PGlite in ${database.location}` : database.location}`,
  );
  if (wantsDemo) {
    console.log(
      `  ${seeded ? 'Demo data created.' : 'Demo data was created on an earlier start.'} Demo logins (password "${DEMO_PASSWORD}"):`,
    );
    for (const u of DEMO_USERS) console.log(`    ${u.username.padEnd(8)} ${u.role}`);
  } else {
    console.log('  The first account to sign up becomes the admin.');
  }
  console.log('');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.server.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
