import { describe, expect, it } from 'vitest';
import type { Reason } from '../reasons.ts';
import { decideRemoval, decideTransition, directTargets, type TransitionPath } from './lifecycle.ts';
import { ASSET_STAGES, type AssetStage, STAGE_LABELS, TRANSITIONS } from './stages.ts';

// The expected verdicts, written out by hand so that a change to TRANSITIONS or to the guards
// fails here. Columns follow ASSET_STAGES: ordered, in_stock, deployed, in_maintenance, retired,
// disposed, lost. `ok`: allowed; `INV`: INVALID_TRANSITION; `OUT`: CHECK_OUT_REQUIRED;
// `IN`: CHECK_IN_REQUIRED.
type Cell = 'ok' | 'INV' | 'OUT' | 'IN';
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell];

// biome-ignore format: an aligned table reads better than a wrapped one.
const NOT_HELD: Record<AssetStage, Row> = {
  //               ordered  in_stock deployed maint.   retired  disposed lost
  ordered:        ['INV',   'ok',    'INV',   'INV',   'INV',   'INV',   'ok'],
  in_stock:       ['INV',   'INV',   'OUT',   'ok',    'ok',    'INV',   'ok'],
  deployed:       ['INV',   'ok',    'INV',   'ok',    'INV',   'INV',   'ok'],
  in_maintenance: ['INV',   'ok',    'OUT',   'INV',   'ok',    'INV',   'ok'],
  retired:        ['INV',   'ok',    'INV',   'INV',   'INV',   'ok',    'INV'],
  disposed:       ['INV',   'INV',   'INV',   'INV',   'INV',   'INV',   'INV'],
  lost:           ['INV',   'ok',    'INV',   'INV',   'ok',    'INV',   'INV'],
};

// Someone holds the asset. Rows other than deployed and in_maintenance describe facts the API should
// never load (a holder on a stage that cannot be held); the guards still answer, and are pinned here.
// biome-ignore format: an aligned table reads better than a wrapped one.
const HELD: Record<AssetStage, Row> = {
  //               ordered  in_stock deployed maint.   retired  disposed lost
  ordered:        ['INV',   'IN',    'INV',   'INV',   'INV',   'INV',   'IN'],
  in_stock:       ['INV',   'INV',   'ok',    'ok',    'IN',    'INV',   'IN'],
  deployed:       ['INV',   'IN',    'INV',   'ok',    'INV',   'INV',   'IN'],
  in_maintenance: ['INV',   'IN',    'ok',    'INV',   'IN',    'INV',   'IN'],
  retired:        ['INV',   'IN',    'INV',   'INV',   'INV',   'IN',    'INV'],
  disposed:       ['INV',   'INV',   'INV',   'INV',   'INV',   'INV',   'INV'],
  lost:           ['INV',   'IN',    'INV',   'INV',   'IN',    'INV',   'INV'],
};

const REASON_OF: Record<Exclude<Cell, 'ok'>, Reason> = {
  INV: 'INVALID_TRANSITION',
  OUT: 'CHECK_OUT_REQUIRED',
  IN: 'CHECK_IN_REQUIRED',
};

function expected(held: boolean, from: AssetStage, to: AssetStage): Cell {
  return (held ? HELD : NOT_HELD)[from][ASSET_STAGES.indexOf(to)]!;
}

/** The targets the table above allows from `from`: every column that is not INV, in column order. */
function expectedAllowed(from: AssetStage): AssetStage[] {
  return ASSET_STAGES.filter((_, i) => NOT_HELD[from][i] !== 'INV');
}

function expectVerdict(
  held: boolean,
  path: TransitionPath,
  from: AssetStage,
  to: AssetStage,
  cell: Cell,
): void {
  const verdict = decideTransition({ stage: from, held }, to, path);
  if (cell === 'ok') {
    expect(verdict).toEqual({ ok: true, value: { from, to } });
  } else if (cell === 'INV') {
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'INVALID_TRANSITION',
      details: { from, to, allowed: expectedAllowed(from) },
    });
  } else {
    expect(verdict).toMatchObject({ ok: false, reason: REASON_OF[cell], details: { from, to } });
  }
}

const PAIRS = ASSET_STAGES.flatMap((from) => ASSET_STAGES.map((to) => [from, to] as const));

describe('TRANSITIONS', () => {
  it.each(ASSET_STAGES)('from %s lists exactly the targets of the expected table', (from) => {
    expect(TRANSITIONS[from]).toEqual(expectedAllowed(from));
  });

  it('the held and not-held tables agree on which moves exist', () => {
    for (const [from, to] of PAIRS) {
      expect(expected(true, from, to) === 'INV').toBe(expected(false, from, to) === 'INV');
    }
  });
});

describe('decideTransition, direct path', () => {
  it.each(PAIRS)('not held: %s -> %s', (from, to) => {
    expectVerdict(false, 'direct', from, to, expected(false, from, to));
  });

  it.each(PAIRS)('held: %s -> %s', (from, to) => {
    expectVerdict(true, 'direct', from, to, expected(true, from, to));
  });

  it('defaults to the direct path', () => {
    expect(decideTransition({ stage: 'in_stock', held: false }, 'deployed')).toMatchObject({
      reason: 'CHECK_OUT_REQUIRED',
    });
  });

  it('INVALID_TRANSITION details.allowed is a copy of TRANSITIONS[from]', () => {
    for (const from of ASSET_STAGES) {
      const verdict = decideTransition({ stage: from, held: false }, from);
      expect(verdict.ok).toBe(false);
      if (verdict.ok) continue;
      expect(verdict.details?.allowed).toEqual(TRANSITIONS[from]);
      expect(verdict.details?.allowed).not.toBe(TRANSITIONS[from]);
    }
  });

  it('says a disposed asset is final', () => {
    const verdict = decideTransition({ stage: 'disposed', held: false }, 'in_stock');
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'INVALID_TRANSITION',
      message: 'Disposed is final: the asset cannot move any more.',
    });
  });

  it('names both stages and the allowed targets by label', () => {
    const verdict = decideTransition({ stage: 'ordered', held: false }, 'deployed');
    expect(verdict).toMatchObject({
      message: 'An asset cannot go from Ordered to Deployed. Allowed: In stock, Lost.',
    });
    expect(STAGE_LABELS.ordered).toBe('Ordered');
  });
});

// The only cells that a check-out or a check-in changes, listed by hand.
const CHECK_OUT_LIFTS = ['in_stock->deployed', 'in_maintenance->deployed'];
const CHECK_IN_LIFTS = [
  'ordered->in_stock',
  'ordered->lost',
  'in_stock->retired',
  'in_stock->lost',
  'deployed->in_stock',
  'deployed->lost',
  'in_maintenance->in_stock',
  'in_maintenance->retired',
  'in_maintenance->lost',
  'retired->in_stock',
  'retired->disposed',
  'lost->in_stock',
  'lost->retired',
];

describe('decideTransition, check_out path', () => {
  it.each(PAIRS)('not held: %s -> %s', (from, to) => {
    const lifted = CHECK_OUT_LIFTS.includes(`${from}->${to}`);
    expectVerdict(false, 'check_out', from, to, lifted ? 'ok' : expected(false, from, to));
  });

  it.each(PAIRS)('held: %s -> %s (check-out does not replace a check-in)', (from, to) => {
    expectVerdict(true, 'check_out', from, to, expected(true, from, to));
  });

  it('lifts exactly the CHECK_OUT_REQUIRED cells', () => {
    const out = PAIRS.filter(([f, t]) => expected(false, f, t) === 'OUT').map(([f, t]) => `${f}->${t}`);
    expect(out).toEqual(CHECK_OUT_LIFTS);
  });
});

describe('decideTransition, check_in path', () => {
  it.each(PAIRS)('held: %s -> %s', (from, to) => {
    const lifted = CHECK_IN_LIFTS.includes(`${from}->${to}`);
    expectVerdict(true, 'check_in', from, to, lifted ? 'ok' : expected(true, from, to));
  });

  it.each(PAIRS)('not held: %s -> %s (check-in does not replace a check-out)', (from, to) => {
    expectVerdict(false, 'check_in', from, to, expected(false, from, to));
  });

  it('lifts exactly the CHECK_IN_REQUIRED cells', () => {
    const held = PAIRS.filter(([f, t]) => expected(true, f, t) === 'IN').map(([f, t]) => `${f}->${t}`);
    expect(held).toEqual(CHECK_IN_LIFTS);
  });
});

describe('directTargets', () => {
  const NOT_HELD_TARGETS: Record<AssetStage, AssetStage[]> = {
    ordered: ['in_stock', 'lost'],
    in_stock: ['in_maintenance', 'retired', 'lost'],
    deployed: ['in_stock', 'in_maintenance', 'lost'],
    in_maintenance: ['in_stock', 'retired', 'lost'],
    retired: ['in_stock', 'disposed'],
    disposed: [],
    lost: ['in_stock', 'retired'],
  };
  const HELD_TARGETS: Record<AssetStage, AssetStage[]> = {
    ordered: [],
    in_stock: ['deployed', 'in_maintenance'],
    deployed: ['in_maintenance'],
    in_maintenance: ['deployed'],
    retired: [],
    disposed: [],
    lost: [],
  };

  it.each(ASSET_STAGES)('not held, from %s', (stage) => {
    expect(directTargets({ stage, held: false })).toEqual(NOT_HELD_TARGETS[stage]);
  });

  it.each(ASSET_STAGES)('held, from %s', (stage) => {
    expect(directTargets({ stage, held: true })).toEqual(HELD_TARGETS[stage]);
  });
});

describe('decideRemoval', () => {
  const REMOVABLE: Record<AssetStage, boolean> = {
    ordered: true,
    in_stock: true,
    deployed: false,
    in_maintenance: false,
    retired: false,
    disposed: false,
    lost: false,
  };

  it.each(ASSET_STAGES)('never assigned, in %s', (stage) => {
    const verdict = decideRemoval({ stage, everAssigned: false });
    if (REMOVABLE[stage]) {
      expect(verdict).toEqual({ ok: true, value: undefined });
    } else {
      expect(verdict).toMatchObject({
        ok: false,
        reason: 'NOT_REMOVABLE',
        details: { stage, removableStages: ['ordered', 'in_stock'] },
      });
    }
  });

  it.each(ASSET_STAGES)('once assigned, in %s', (stage) => {
    const verdict = decideRemoval({ stage, everAssigned: true });
    expect(verdict).toMatchObject({ ok: false, reason: 'NOT_REMOVABLE', details: { stage } });
  });
});
