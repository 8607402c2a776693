import type { AnyProcedure } from '@trpc/server';
import type { AppRouter } from '../router.ts';

/** Every procedure's dotted path, from the router's nested record: a typo in the table fails the type check. */
type PathsOf<R, Prefix extends string = ''> = {
  [K in keyof R & string]: R[K] extends AnyProcedure ? `${Prefix}${K}` : PathsOf<R[K], `${Prefix}${K}.`>;
}[keyof R & string];
export type ProcedurePath = PathsOf<AppRouter['_def']['record']>;

export type RestMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * One REST route over one procedure. The procedure's input is built from the request:
 * - every `{name}` of the path is the input field `name`;
 * - GET: the query string holds the other fields (numbers and booleans are read as such, a
 *   repeated parameter is a list);
 * - POST, PATCH, DELETE: the JSON body holds them, or, with `bodyField`, the body is that one
 *   field (`PATCH /assets/{id}` sends the patch itself).
 * The procedure then validates, checks permissions and writes exactly as it does over tRPC.
 */
export interface RestRoute {
  method: RestMethod;
  /** Below the base path, OpenAPI style: `/assets/{id}`. */
  path: string;
  procedure: ProcedurePath;
  summary: string;
  /** The group in the reference. */
  tag: string;
  bodyField?: string;
  /** 201 for routes that create something; 200 otherwise. */
  status?: 200 | 201;
  /** Callable without a session (signing in). */
  public?: true;
}

export const REST_BASE = '/api/v1';

export const REST_ROUTES: readonly RestRoute[] = [
  {
    method: 'POST',
    path: '/auth/login',
    procedure: 'auth.login',
    summary: 'Sign in: returns a session token',
    tag: 'auth',
    public: true,
  },
  {
    method: 'POST',
    path: '/auth/logout',
    procedure: 'auth.logout',
    summary: 'End this session',
    tag: 'auth',
  },
  { method: 'GET', path: '/me', procedure: 'auth.me', summary: 'The signed-in user', tag: 'me' },
  {
    method: 'GET',
    path: '/me/holdings',
    procedure: 'me.holdings',
    summary: 'What the signed-in user holds',
    tag: 'me',
  },

  {
    method: 'GET',
    path: '/assets',
    procedure: 'assets.list',
    summary: 'List assets (filters, keyset pages)',
    tag: 'assets',
  },
  {
    method: 'POST',
    path: '/assets',
    procedure: 'assets.create',
    summary: 'Register an asset',
    tag: 'assets',
    status: 201,
  },
  {
    method: 'GET',
    path: '/assets/{id}',
    procedure: 'assets.get',
    summary: 'One asset with its holder',
    tag: 'assets',
  },
  {
    method: 'PATCH',
    path: '/assets/{id}',
    procedure: 'assets.update',
    summary: 'Edit an asset (not its stage)',
    tag: 'assets',
    bodyField: 'patch',
  },
  {
    method: 'DELETE',
    path: '/assets/{id}',
    procedure: 'assets.remove',
    summary: 'Delete an asset registered by mistake',
    tag: 'assets',
  },
  {
    method: 'POST',
    path: '/assets/{id}/transition',
    procedure: 'assets.transition',
    summary: 'Move an asset through its lifecycle',
    tag: 'assets',
  },
  {
    method: 'GET',
    path: '/assets/{id}/history',
    procedure: 'assets.history',
    summary: "The asset's audit events, newest first",
    tag: 'assets',
  },
  {
    method: 'POST',
    path: '/assets/{assetId}/check-out',
    procedure: 'assignments.checkOut',
    summary: 'Hand an in-stock asset to a person',
    tag: 'assignments',
  },
  {
    method: 'POST',
    path: '/assets/{assetId}/check-in',
    procedure: 'assignments.checkIn',
    summary: 'End the asset’s assignment',
    tag: 'assignments',
  },
  {
    method: 'GET',
    path: '/assignments',
    procedure: 'assignments.list',
    summary: 'List assignments',
    tag: 'assignments',
  },

  { method: 'GET', path: '/licenses', procedure: 'licenses.list', summary: 'List licenses', tag: 'licenses' },
  {
    method: 'POST',
    path: '/licenses',
    procedure: 'licenses.create',
    summary: 'Register a license',
    tag: 'licenses',
    status: 201,
  },
  {
    method: 'GET',
    path: '/licenses/{id}',
    procedure: 'licenses.get',
    summary: 'One license with its open seats',
    tag: 'licenses',
  },
  {
    method: 'PATCH',
    path: '/licenses/{id}',
    procedure: 'licenses.update',
    summary: 'Edit a license',
    tag: 'licenses',
    bodyField: 'patch',
  },
  {
    method: 'DELETE',
    path: '/licenses/{id}',
    procedure: 'licenses.remove',
    summary: 'Delete a license',
    tag: 'licenses',
  },
  {
    method: 'POST',
    path: '/licenses/{licenseId}/seats',
    procedure: 'licenses.assignSeat',
    summary: 'Give a person a seat',
    tag: 'licenses',
    status: 201,
  },
  {
    method: 'DELETE',
    path: '/licenses/{licenseId}/seats/{userId}',
    procedure: 'licenses.releaseSeat',
    summary: "Release a person's seat",
    tag: 'licenses',
  },

  {
    method: 'GET',
    path: '/maintenance',
    procedure: 'maintenance.list',
    summary: 'List maintenance records',
    tag: 'maintenance',
  },
  {
    method: 'POST',
    path: '/maintenance',
    procedure: 'maintenance.schedule',
    summary: 'Schedule maintenance of an asset',
    tag: 'maintenance',
    status: 201,
  },
  {
    method: 'POST',
    path: '/maintenance/{id}/start',
    procedure: 'maintenance.start',
    summary: 'Start the work (the asset goes into maintenance)',
    tag: 'maintenance',
  },
  {
    method: 'POST',
    path: '/maintenance/{id}/complete',
    procedure: 'maintenance.complete',
    summary: 'Complete the work',
    tag: 'maintenance',
  },
  {
    method: 'POST',
    path: '/maintenance/{id}/cancel',
    procedure: 'maintenance.cancel',
    summary: 'Cancel the work',
    tag: 'maintenance',
  },

  { method: 'GET', path: '/users', procedure: 'users.list', summary: 'List users', tag: 'users' },
  { method: 'GET', path: '/events', procedure: 'events.list', summary: 'The audit trail', tag: 'events' },
  {
    method: 'GET',
    path: '/compliance/report',
    procedure: 'compliance.report',
    summary: 'The compliance report',
    tag: 'compliance',
  },
];

/** `{id}` in the table is `:id` for Fastify. */
export function fastifyPath(route: RestRoute): string {
  return REST_BASE + route.path.replace(/\{(\w+)\}/g, ':$1');
}

export function pathParamsOf(route: RestRoute): string[] {
  return [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}
