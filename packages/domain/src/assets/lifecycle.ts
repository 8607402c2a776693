import { allow, refuse, type Verdict } from '../result.ts';
import {
  type AssetStage,
  HOLDABLE_STAGES,
  includesStage,
  REMOVABLE_STAGES,
  STAGE_LABELS,
  TRANSITIONS,
} from './stages.ts';

/** What the lifecycle needs to know about an asset to decide a move. */
export interface LifecycleFacts {
  stage: AssetStage;
  /** Whether the asset has an open assignment (someone holds it). */
  held: boolean;
}

export type TransitionPath = 'direct' | 'check_out' | 'check_in';

export function allowedTargets(stage: AssetStage): readonly AssetStage[] {
  return TRANSITIONS[stage];
}

/**
 * Targets a person may pick with a plain transition, without an assignment changing hands:
 * entering `deployed` needs a check-out, and a held asset leaves the held stages only by check-in.
 */
export function directTargets(facts: LifecycleFacts): AssetStage[] {
  return allowedTargets(facts.stage).filter((to) => decideTransition(facts, to).ok);
}

/**
 * Decides a transition requested through `assets.transition`. The table says which moves exist;
 * the guards say which of them need a holder change first, which is the job of check-out and
 * check-in (they call `decideTransition` with `path` set, so there is one set of rules).
 */
export function decideTransition(
  facts: LifecycleFacts,
  to: AssetStage,
  path: TransitionPath = 'direct',
): Verdict<{ from: AssetStage; to: AssetStage }> {
  const allowed = allowedTargets(facts.stage);
  if (!allowed.includes(to)) {
    return refuse(
      'INVALID_TRANSITION',
      allowed.length === 0
        ? `${STAGE_LABELS[facts.stage]} is final: the asset cannot move any more.`
        : `An asset cannot go from ${STAGE_LABELS[facts.stage]} to ${STAGE_LABELS[to]}. Allowed: ${allowed
            .map((s) => STAGE_LABELS[s])
            .join(', ')}.`,
      { from: facts.stage, to, allowed: [...allowed] },
    );
  }
  if (to === 'deployed' && !facts.held && path !== 'check_out') {
    return refuse('CHECK_OUT_REQUIRED', 'Deploying an asset means checking it out to a person.', {
      from: facts.stage,
      to,
    });
  }
  if (facts.held && !includesStage(HOLDABLE_STAGES, to) && path !== 'check_in') {
    return refuse('CHECK_IN_REQUIRED', 'The asset is held by someone: check it in first.', {
      from: facts.stage,
      to,
    });
  }
  return allow({ from: facts.stage, to });
}

/** An asset may be deleted only while it was never handed out and is still in the store room. */
export function decideRemoval(facts: { stage: AssetStage; everAssigned: boolean }): Verdict {
  if (!includesStage(REMOVABLE_STAGES, facts.stage)) {
    return refuse(
      'NOT_REMOVABLE',
      `An asset in ${STAGE_LABELS[facts.stage]} is kept for the record; retire or dispose of it instead.`,
      { stage: facts.stage, removableStages: [...REMOVABLE_STAGES] },
    );
  }
  if (facts.everAssigned) {
    return refuse('NOT_REMOVABLE', 'The asset has an assignment history; retire it instead of deleting it.', {
      stage: facts.stage,
    });
  }
  return allow();
}

/** The people holding any of the given assets: who, besides staff, may see an event about them. */
export function holderIdsOf(...assets: ({ holder: { id: string } | null } | undefined)[]): string[] {
  return assets.flatMap((asset) => (asset?.holder ? [asset.holder.id] : []));
}
