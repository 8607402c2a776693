import { decideTransition } from '../assets/lifecycle.ts';
import { ASSIGNABLE_STAGES, type AssetStage, includesStage, STAGE_LABELS } from '../assets/stages.ts';
import { allow, refuse, type Verdict } from '../result.ts';

export interface CheckOutFacts {
  asset: {
    stage: AssetStage;
    held: boolean;
    holderName?: string | undefined;
    heldSince?: string | undefined;
  };
  assignee: { disabled: boolean };
}

/**
 * Checking out hands an asset to a person and moves it to `deployed` through the lifecycle
 * table (the `check_out` path), so there is one set of stage rules.
 */
export function decideCheckOut(facts: CheckOutFacts): Verdict<{ from: AssetStage; to: AssetStage }> {
  const { asset } = facts;
  if (asset.held) {
    const who = asset.holderName ? ` to ${asset.holderName}` : '';
    const since = asset.heldSince ? ` since ${asset.heldSince.slice(0, 10)}` : '';
    return refuse('ALREADY_ASSIGNED', `Already checked out${who}${since}.`, {
      holder: asset.holderName ?? null,
      since: asset.heldSince ?? null,
    });
  }
  if (facts.assignee.disabled) {
    return refuse('USER_DISABLED', 'A disabled account cannot receive assets or seats.');
  }
  if (!includesStage(ASSIGNABLE_STAGES, asset.stage)) {
    return refuse('NOT_ASSIGNABLE', `An asset in ${STAGE_LABELS[asset.stage]} cannot be checked out.`, {
      stage: asset.stage,
      assignableStages: [...ASSIGNABLE_STAGES],
    });
  }
  return decideTransition({ stage: asset.stage, held: false }, 'deployed', 'check_out');
}

/**
 * Checking in ends the open assignment. A deployed asset goes back to stock; one checked in
 * while in maintenance stays there (the repair goes on; it just has no holder any more).
 */
export function decideCheckIn(asset: {
  stage: AssetStage;
  held: boolean;
}): Verdict<{ from: AssetStage; to: AssetStage }> {
  if (!asset.held) return refuse('NOT_CHECKED_OUT', 'The asset is not checked out.');
  if (asset.stage !== 'deployed') return allow({ from: asset.stage, to: asset.stage });
  return decideTransition({ stage: asset.stage, held: true }, 'in_stock', 'check_in');
}

/** Whether a return is overdue on `today` (both 'YYYY-MM-DD'). */
export function isOverdue(expectedReturn: string | null, today: string): boolean {
  return expectedReturn !== null && expectedReturn < today;
}
