// A program outside the monorepo that installed the packed @itam/client from its tarball. The
// packed-client test type-checks it (strict) and runs it against a real server with an API token.
// It prints one JSON line with what it saw.
import { createItamClient, type RouterInputs, type RouterOutputs, reasonOf } from '@itam/client';

const itam = createItamClient({ url: process.env.ITAM_URL ?? '', token: process.env.ITAM_TOKEN });

// Typed inputs and outputs: these lines fail to compile if the router's types did not arrive.
// @ts-expect-error: `stage` takes lifecycle stages only
const wrongStage: RouterInputs['assets']['list'] = { stage: ['nonsense'] };
void wrongStage;
type Asset = RouterOutputs['assets']['list']['items'][number];
// @ts-expect-error: a tag is a string
const wrongTag: number = ({} as Asset).tag;
void wrongTag;

async function allTags(): Promise<string[]> {
  const tags: string[] = [];
  let cursor: string | null = null;
  do {
    const page: RouterOutputs['assets']['list'] = await itam.assets.list.query({ cursor, limit: 2 });
    tags.push(...page.items.map((asset) => asset.tag));
    cursor = page.nextCursor;
  } while (cursor);
  return tags;
}

const tags = await allTags();

// Follow live events, then make a change and wait for its event.
const seen: string[] = [];
let started!: () => void;
const isStarted = new Promise<void>((resolve) => {
  started = resolve;
});
const subscription = itam.events.onChange.subscribe(
  {},
  {
    onStarted: () => started(),
    onData: ({ data }) => seen.push(`${data.entity}:${data.action}:${data.entityId}`),
  },
);
await isStarted;
const created = await itam.assets.create.mutate({
  tag: process.env.ITAM_NEW_TAG ?? 'PKG-1',
  name: 'From the packed client',
  type: 'server',
});
const deadline = Date.now() + 10_000;
while (!seen.includes(`asset:created:${created.id}`) && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const refused = await itam.assets.transition.mutate({ id: created.id, to: 'disposed', reason: 'test' }).then(
  () => 'allowed',
  (error: unknown) => reasonOf(error) ?? 'no reason',
);
subscription.unsubscribe();
await itam.close();
console.log(
  JSON.stringify({ tags, created: created.id, live: seen.includes(`asset:created:${created.id}`), refused }),
);
