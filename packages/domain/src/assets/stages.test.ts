import { describe, expect, it } from 'vitest';
import {
  ASSET_STAGES,
  ASSIGNABLE_STAGES,
  type AssetStage,
  HELD_STAGES,
  HOLDABLE_STAGES,
  includesStage,
  isStage,
  REMOVABLE_STAGES,
  STAGE_LABELS,
  TERMINAL_STAGES,
  TRANSITIONS,
} from './stages.ts';

/** Every stage reachable from `start` by following TRANSITIONS (breadth first, `start` included). */
function reachableFrom(start: AssetStage): Set<AssetStage> {
  const seen = new Set<AssetStage>([start]);
  const queue: AssetStage[] = [start];
  for (let stage = queue.shift(); stage !== undefined; stage = queue.shift()) {
    for (const next of TRANSITIONS[stage]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

describe('the lifecycle graph', () => {
  it('has the seven stages, in order', () => {
    expect(ASSET_STAGES).toEqual([
      'ordered',
      'in_stock',
      'deployed',
      'in_maintenance',
      'retired',
      'disposed',
      'lost',
    ]);
  });

  it('disposed is terminal: no way out, and the only stage without one', () => {
    expect(TERMINAL_STAGES).toEqual(['disposed']);
    expect(TRANSITIONS.disposed).toEqual([]);
    expect(ASSET_STAGES.filter((s) => TRANSITIONS[s].length === 0)).toEqual(['disposed']);
  });

  it('every stage is reachable from ordered', () => {
    expect([...reachableFrom('ordered')].sort()).toEqual([...ASSET_STAGES].sort());
  });

  it.each(ASSET_STAGES.filter((s) => s !== 'disposed'))('%s can reach disposed', (stage) => {
    expect(reachableFrom(stage).has('disposed')).toBe(true);
  });

  it.each(ASSET_STAGES)('%s never lists itself or a stage twice', (stage) => {
    const targets = TRANSITIONS[stage];
    expect(targets).not.toContain(stage);
    expect(new Set(targets).size).toBe(targets.length);
  });

  it('nothing leads back to ordered', () => {
    expect(ASSET_STAGES.filter((s) => TRANSITIONS[s].includes('ordered'))).toEqual([]);
  });
});

describe('stage groups', () => {
  it('are what the guards and docs say', () => {
    expect(ASSIGNABLE_STAGES).toEqual(['in_stock']);
    expect(HELD_STAGES).toEqual(['deployed']);
    expect(HOLDABLE_STAGES).toEqual(['deployed', 'in_maintenance']);
    expect(REMOVABLE_STAGES).toEqual(['ordered', 'in_stock']);
  });

  it('a held asset can move between the holdable stages', () => {
    expect(TRANSITIONS.deployed).toContain('in_maintenance');
    expect(TRANSITIONS.in_maintenance).toContain('deployed');
  });

  it('every assignable stage can go to deployed', () => {
    for (const stage of ASSIGNABLE_STAGES) expect(TRANSITIONS[stage]).toContain('deployed');
  });

  it('includesStage answers for every stage', () => {
    for (const stage of ASSET_STAGES) {
      expect(includesStage(HOLDABLE_STAGES, stage)).toBe(stage === 'deployed' || stage === 'in_maintenance');
    }
  });
});

describe('labels and isStage', () => {
  it.each(ASSET_STAGES)('%s has a non-empty, unique label', (stage) => {
    expect(STAGE_LABELS[stage]).toMatch(/\S/);
    expect(Object.values(STAGE_LABELS).filter((l) => l === STAGE_LABELS[stage])).toHaveLength(1);
  });

  it.each(ASSET_STAGES)('isStage(%s) is true', (stage) => {
    expect(isStage(stage)).toBe(true);
  });

  it.each([['In stock'], ['DEPLOYED'], [''], ['toString'], [null], [undefined], [3], [{}]])(
    'isStage(%j) is false',
    (value) => {
      expect(isStage(value)).toBe(false);
    },
  );
});
