import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideTransition, type LifecycleFacts, type TransitionPath } from './lifecycle.ts';
import { ASSET_STAGES, HOLDABLE_STAGES, STAGE_LABELS, TRANSITIONS } from './stages.ts';

const stage = fc.constantFrom(...ASSET_STAGES);
const path = fc.constantFrom<TransitionPath>('direct', 'check_out', 'check_in');
const step = fc.record({ to: stage, path });
// What the API sends: a check-out always asks for deployed; a check-in and a transition pick a target.
const apiStep = fc.oneof(
  fc.record({ to: stage, path: fc.constantFrom<TransitionPath>('direct', 'check_in') }),
  fc.constant({ to: 'deployed' as const, path: 'check_out' as const }),
);

/** What the API does with an accepted verdict: check-out hands the asset over, check-in takes it back. */
function apply(facts: LifecycleFacts, to: LifecycleFacts['stage'], via: TransitionPath): LifecycleFacts {
  if (via === 'check_out') return { stage: to, held: true };
  if (via === 'check_in') return { stage: to, held: false };
  return { stage: to, held: facts.held };
}

describe('random walks from in_stock', () => {
  it('only ever land on a stage listed in TRANSITIONS of the previous stage', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let facts: LifecycleFacts = { stage: 'in_stock', held: false };
        for (const { to, path: via } of steps) {
          const verdict = decideTransition(facts, to, via);
          if (!verdict.ok) continue;
          expect(TRANSITIONS[facts.stage]).toContain(verdict.value.to);
          expect(verdict.value).toEqual({ from: facts.stage, to });
          facts = apply(facts, to, via);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keep a held asset within the holdable stages', () => {
    fc.assert(
      fc.property(fc.array(apiStep, { maxLength: 60 }), (steps) => {
        let facts: LifecycleFacts = { stage: 'in_stock', held: false };
        for (const { to, path: via } of steps) {
          const verdict = decideTransition(facts, to, via);
          if (verdict.ok) facts = apply(facts, to, via);
          if (facts.held) expect(HOLDABLE_STAGES).toContain(facts.stage);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('INVALID_TRANSITION messages', () => {
  it('name every allowed target by its label', () => {
    fc.assert(
      fc.property(stage, stage, fc.boolean(), path, (from, to, held, via) => {
        const verdict = decideTransition({ stage: from, held }, to, via);
        fc.pre(!verdict.ok && verdict.reason === 'INVALID_TRANSITION');
        if (verdict.ok) return;
        for (const target of TRANSITIONS[from]) expect(verdict.message).toContain(STAGE_LABELS[target]);
        expect(verdict.message).toContain(STAGE_LABELS[from]);
      }),
      { numRuns: 500 },
    );
  });
});
