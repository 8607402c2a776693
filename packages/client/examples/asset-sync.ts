// A small service that keeps a copy of the asset list and follows live changes, the way another
// team's service would use @itam/client with an API token.
//
//   ITAM_URL=http://localhost:3000 ITAM_TOKEN=itam_… pnpm --filter @itam/client example
//
// It subscribes to live events first and buffers them, then reads every asset page by page, then
// re-reads each asset an event names (so a change made during the first read is not lost). Each
// step is printed as one JSON line: `synced`, then `updated` or `removed` per change.
// The client reconnects on its own and resumes from the last event id it received.
import { createItamClient, type RouterOutputs, reasonOf } from '@itam/client';

// A list item: `assets.get` answers the same fields and a few derived ones (`warrantyEnded`).
type Asset = RouterOutputs['assets']['list']['items'][number];

const url = process.env.ITAM_URL;
const token = process.env.ITAM_TOKEN;
const pageSize = Number(process.env.ITAM_PAGE_SIZE ?? 100);
if (!url || !token) {
  console.error('usage: ITAM_URL=<server URL> ITAM_TOKEN=<API token> asset-sync');
  process.exit(2);
}

const itam = createItamClient({ url, token });
const assets = new Map<string, Asset>();
const print = (line: Record<string, unknown>) => console.log(JSON.stringify(line));

async function readAll(): Promise<void> {
  let cursor: string | null = null;
  do {
    const page: RouterOutputs['assets']['list'] = await itam.assets.list.query({ cursor, limit: pageSize });
    for (const asset of page.items) assets.set(asset.id, asset);
    cursor = page.nextCursor;
  } while (cursor);
}

/** Re-reads one asset: it changed, or it is gone. */
async function refresh(id: string): Promise<void> {
  try {
    const asset = await itam.assets.get.query({ id });
    assets.set(id, asset);
    print({
      type: 'updated',
      id,
      tag: asset.tag,
      stage: asset.stage,
      holder: asset.holder?.username ?? null,
    });
  } catch (error) {
    if (reasonOf(error) !== 'NOT_FOUND') throw error;
    assets.delete(id);
    print({ type: 'removed', id });
  }
}

// Changes are applied one at a time, in the order their events arrived.
let pending: string[] | null = [];
let chain = Promise.resolve();
const apply = (id: string) => {
  chain = chain
    .then(() => refresh(id))
    .catch((error: unknown) => print({ type: 'error', message: String(error) }));
};

let started!: () => void;
const isStarted = new Promise<void>((resolve) => {
  started = resolve;
});
const subscription = itam.events.onChange.subscribe(
  { entity: 'asset' },
  {
    onStarted: () => started(),
    onData: ({ data }) => {
      if (pending) pending.push(data.entityId);
      else apply(data.entityId);
    },
    onError: (error) => {
      print({ type: 'error', reason: reasonOf(error) ?? null, message: error.message });
      process.exitCode = 1;
      void stop();
    },
  },
);

await isStarted;
await readAll();
print({ type: 'synced', count: assets.size });
const buffered = [...new Set(pending)];
pending = null;
for (const id of buffered) apply(id);

async function stop(): Promise<void> {
  subscription.unsubscribe();
  await chain;
  await itam.close();
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
