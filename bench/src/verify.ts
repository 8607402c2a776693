/**
 * Before any load: both servers answer the same requests, and their answers are compared. Reads
 * must be byte-identical; writes must have the same structure and the same type in every field (null
 * included); a transition is one asset moved to maintenance by the API and back by the floor.
 */
import { trpcInput } from './load.ts';

export interface VerifyResult {
  ok: boolean;
  checks: { what: string; ok: boolean; detail?: string }[];
}

async function call(
  base: string,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const response = await fetch(base + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
}

/** The JSON with every leaf replaced by its type, for comparing writes. */
function shape(text: string): string {
  return JSON.stringify(JSON.parse(text), (_key, value) => {
    if (value === null) return 'null';
    if (typeof value === 'object') return value;
    return typeof value;
  });
}

const stageOf = (text: string) =>
  (JSON.parse(text) as { result?: { data?: { stage?: string } } }).result?.data?.stage;

export async function verifyServers(
  ours: string,
  floor: string,
  token: string,
  inputs: {
    holderId: string;
    assetId: string;
    /** An unheld asset in stock: ours moves it to maintenance, the floor moves it back. */
    transition: string;
    login: { username: string; password: string };
  },
): Promise<VerifyResult> {
  const checks: VerifyResult['checks'] = [];
  const compare = async (
    what: string,
    method: 'GET' | 'POST',
    path: (kind: 'ours' | 'floor') => string,
    body: (kind: 'ours' | 'floor') => unknown,
    exact: boolean,
    stages?: [string, string],
  ) => {
    const a = await call(ours, token, method, path('ours'), body('ours'));
    const b = await call(floor, token, method, path('floor'), body('floor'));
    const same =
      a.status === 200 &&
      b.status === 200 &&
      (exact ? a.text === b.text : shape(a.text) === shape(b.text)) &&
      (!stages || (stageOf(a.text) === stages[0] && stageOf(b.text) === stages[1]));
    checks.push({
      what,
      ok: same,
      ...(same
        ? {}
        : { detail: `ours ${a.status} ${a.text.slice(0, 300)}\nfloor ${b.status} ${b.text.slice(0, 300)}` }),
    });
  };
  const list = `/trpc/assets.list${trpcInput({ holderId: inputs.holderId, limit: 50 })}`;
  await compare(
    'assets.list by holder: identical bytes',
    'GET',
    () => list,
    () => undefined,
    true,
  );
  const first = `/trpc/assets.list${trpcInput({ limit: 50 })}`;
  await compare(
    'assets.list first page: identical bytes',
    'GET',
    () => first,
    () => undefined,
    true,
  );
  const get = `/trpc/assets.get${trpcInput({ id: inputs.assetId })}`;
  await compare(
    'assets.get: identical bytes',
    'GET',
    () => get,
    () => undefined,
    true,
  );
  await compare(
    'assets.create: same shape',
    'POST',
    () => '/trpc/assets.create',
    (kind) => ({
      tag: `VERIFY-${kind}-${Date.now()}`,
      name: 'Verify',
      type: 'monitor',
      purchaseCost: 199.99,
    }),
    false,
  );
  await compare(
    'assets.transition: same shape',
    'POST',
    () => '/trpc/assets.transition',
    (kind) => ({
      id: inputs.transition,
      to: kind === 'ours' ? 'in_maintenance' : 'in_stock',
      reason: 'verify',
    }),
    false,
    ['in_maintenance', 'in_stock'],
  );
  await compare(
    'auth.login: same shape',
    'POST',
    () => '/trpc/auth.login',
    () => inputs.login,
    false,
  );
  return { ok: checks.every((c) => c.ok), checks };
}
