import type { AppRouter } from '@itam/api';
import type { TRPCClientErrorLike } from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/** The React hooks for the API. Every type below is inferred from the router: none is hand-written. */
export const trpc = createTRPCReact<AppRouter>();

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type ApiError = TRPCClientErrorLike<AppRouter>;

export type Me = RouterOutputs['auth']['me'];
export type AssetView = RouterOutputs['assets']['list']['items'][number];
/** An asset as its page loads it: with the server's verdicts (`warrantyEnded`). */
export type AssetDetailView = RouterOutputs['assets']['get'];
export type UserView = RouterOutputs['users']['list']['items'][number];
export type EventView = RouterOutputs['assets']['history']['items'][number];
export type AssignmentView = RouterOutputs['assignments']['list']['items'][number];
export type LicenseView = RouterOutputs['licenses']['get']['license'];
export type SeatView = RouterOutputs['licenses']['get']['seats'][number];
export type MaintenanceView = RouterOutputs['maintenance']['list']['items'][number];
export type HoldingsView = RouterOutputs['me']['holdings'];
export type ComplianceView = RouterOutputs['compliance']['report'];
export type OverviewView = RouterOutputs['compliance']['overview'];
export type AuditEventView = RouterOutputs['events']['list']['items'][number];
