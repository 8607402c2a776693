import { decideTransition } from '../assets/lifecycle.ts';
import type { AssetStage } from '../assets/stages.ts';
import { allow, refuse, type Verdict } from '../result.ts';

export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'completed', 'cancelled'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export const MAINTENANCE_TYPES = [
  'repair',
  'upgrade',
  'inspection',
  'cleaning',
  'calibration',
  'other',
] as const;
export type MaintenanceType = (typeof MAINTENANCE_TYPES)[number];

/** Where a maintenance record may go next. Completed and cancelled are final. */
export const MAINTENANCE_TRANSITIONS: Record<MaintenanceStatus, readonly MaintenanceStatus[]> = {
  scheduled: ['in_progress', 'cancelled'],
  in_progress: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

function decideStatus(from: MaintenanceStatus, to: MaintenanceStatus): Verdict {
  if (MAINTENANCE_TRANSITIONS[from].includes(to)) return allow();
  return refuse(
    'INVALID_MAINTENANCE_STATE',
    `Maintenance that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}.`,
    {
      from,
      to,
      allowed: [...MAINTENANCE_TRANSITIONS[from]],
    },
  );
}

/**
 * Starting work moves the asset into `in_maintenance` through the lifecycle table. An open
 * assignment stays open: a laptop in repair is still its holder's, and comes back to them.
 */
export function decideStartMaintenance(
  record: { status: MaintenanceStatus },
  asset: { stage: AssetStage; held: boolean },
): Verdict<{ assetTo: AssetStage }> {
  const status = decideStatus(record.status, 'in_progress');
  if (!status.ok) return status;
  if (asset.stage === 'in_maintenance') return allow({ assetTo: asset.stage });
  const move = decideTransition(asset, 'in_maintenance');
  return move.ok ? allow({ assetTo: 'in_maintenance' as AssetStage }) : move;
}

/**
 * Completing returns the asset to its holder (`deployed`) if it has one, else to stock —
 * unless other maintenance on the same asset is still in progress.
 */
export function decideCompleteMaintenance(
  record: { status: MaintenanceStatus },
  asset: { stage: AssetStage; held: boolean },
  otherInProgress: number,
): Verdict<{ assetTo: AssetStage }> {
  const status = decideStatus(record.status, 'completed');
  if (!status.ok) return status;
  if (asset.stage !== 'in_maintenance' || otherInProgress > 0) return allow({ assetTo: asset.stage });
  const to: AssetStage = asset.held ? 'deployed' : 'in_stock';
  const move = decideTransition(asset, to);
  return move.ok ? allow({ assetTo: to }) : move;
}

/** Cancelling work in progress returns the asset like completing does; cancelling a plan moves nothing. */
export function decideCancelMaintenance(
  record: { status: MaintenanceStatus },
  asset: { stage: AssetStage; held: boolean },
  otherInProgress: number,
): Verdict<{ assetTo: AssetStage }> {
  const status = decideStatus(record.status, 'cancelled');
  if (!status.ok) return status;
  if (record.status === 'scheduled') return allow({ assetTo: asset.stage });
  if (asset.stage !== 'in_maintenance' || otherInProgress > 0) return allow({ assetTo: asset.stage });
  const to: AssetStage = asset.held ? 'deployed' : 'in_stock';
  const move = decideTransition(asset, to);
  return move.ok ? allow({ assetTo: to }) : move;
}

/** Work can be planned on any asset still on the books; a disposed one is gone. */
export function decideScheduleMaintenance(asset: { stage: AssetStage }): Verdict {
  if (asset.stage === 'disposed') return refuse('NOT_ASSIGNABLE', 'A disposed asset gets no maintenance.');
  return allow();
}
