/**
 * Reads a V8 .cpuprofile (from --cpu-prof) and says where the CPU time went: self time by package
 * (zod, @trpc/server, kysely, pg, fastify, our own packages, Node internals, GC), inclusive time by
 * package (a sample counts once for every package on its stack), and the hottest functions.
 */
import { readFile } from 'node:fs/promises';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  wallMs: number;
  busyMs: number;
  /** Requests the server answered while profiled, to give µs per request. */
  requests: number;
  selfByCategory: { category: string; ms: number; usPerRequest: number }[];
  /**
   * Time by who caused it: a sample in Node's internals or a V8 builtin counts for the nearest
   * package or app frame above it (so an AbortController made by tRPC counts for tRPC); socket
   * writes and reads, and GC, count on their own.
   */
  byOwner: { category: string; ms: number; usPerRequest: number }[];
  inclusiveByCategory: { category: string; ms: number; usPerRequest: number }[];
  topFunctions: { fn: string; category: string; selfMs: number }[];
}

export function categoryOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName.startsWith('(')) return functionName; // (garbage collector), (idle), (program), (root)
    return '(v8/native)';
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url.startsWith('node:internal/') ? 'node:internal' : url;
  const local = url.replace(/^file:\/\//, '');
  for (const [dir, name] of [
    ['/packages/db/', '@itam/db'],
    ['/packages/domain/', '@itam/domain'],
    ['/apps/api/', '@itam/api'],
    ['/bench/src/', 'bench/src'],
  ] as const) {
    if (local.includes(dir)) return name;
  }
  return local;
}

const SOCKET_CALLS = new Set([
  'writev',
  'writeBuffer',
  'writeUtf8String',
  'writeLatin1String',
  'onStreamRead',
]);

/** Node's own modules and V8 builtins: their time is charged to whoever called them. */
function isGeneric(category: string): boolean {
  return category === '(v8/native)' || category.startsWith('node:');
}

export async function summariseProfile(file: string, requests: number): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const owner = new Map<string, number>();
  const owners = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const known = owners.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const category = categoryOf(node.callFrame);
    const fn = node.callFrame.functionName;
    let result: string;
    if (category === '(v8/native)' && SOCKET_CALLS.has(fn)) result = '(socket syscalls)';
    else if (category.startsWith('(') && category !== '(v8/native)') result = category;
    else if (!isGeneric(category)) result = category;
    else {
      const up = parent.get(id);
      const above = up === undefined ? '(root)' : ownerOf(up);
      result = above === '(root)' || above === '(program)' ? category : above;
    }
    owners.set(id, result);
    return result;
  };
  const inclusive = new Map<string, number>();
  const fnSelf = new Map<string, { category: string; us: number }>();
  let wall = 0;
  let idle = 0;
  // Categories on the stack of each node, computed once per node.
  const stackCategories = new Map<number, Set<string>>();
  const categoriesOf = (id: number): Set<string> => {
    let set = stackCategories.get(id);
    if (set) return set;
    const up = parent.get(id);
    set = new Set(up === undefined ? [] : categoriesOf(up));
    set.add(categoryOf(byId.get(id)!.callFrame));
    stackCategories.set(id, set);
    return set;
  };
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    wall += dt;
    const node = byId.get(id)!;
    const category = categoryOf(node.callFrame);
    if (category === '(idle)') {
      idle += dt;
      return;
    }
    self.set(category, (self.get(category) ?? 0) + dt);
    const by = ownerOf(id);
    owner.set(by, (owner.get(by) ?? 0) + dt);
    for (const c of categoriesOf(id)) if (c !== '(root)') inclusive.set(c, (inclusive.get(c) ?? 0) + dt);
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    const entry = fnSelf.get(key) ?? { category, us: 0 };
    entry.us += dt;
    fnSelf.set(key, entry);
  });
  const perRequest = (us: number) => (requests > 0 ? us / requests : 0);
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([category, us]) => ({ category, ms: us / 1000, usPerRequest: perRequest(us) }));
  return {
    wallMs: wall / 1000,
    busyMs: (wall - idle) / 1000,
    requests,
    selfByCategory: rows(self),
    byOwner: rows(owner),
    inclusiveByCategory: rows(inclusive),
    topFunctions: [...fnSelf]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, 25)
      .map(([fn, { category, us }]) => ({ fn, category, selfMs: us / 1000 })),
  };
}
