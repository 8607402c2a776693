import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSET_STAGES, type AssetStage, TRANSITIONS } from '../assets/stages.ts';
import { decideCheckIn, decideCheckOut } from '../assignments/rules.ts';
import {
  decideCancelMaintenance,
  decideCompleteMaintenance,
  decideStartMaintenance,
  MAINTENANCE_STATUSES,
  MAINTENANCE_TRANSITIONS,
  type MaintenanceStatus,
} from './rules.ts';

// Written out by hand. Columns follow MAINTENANCE_STATUSES: scheduled, in_progress, completed, cancelled.
// biome-ignore format: an aligned table reads better than a wrapped one.
const STATUS_TABLE: Record<MaintenanceStatus, [boolean, boolean, boolean, boolean]> = {
  //            scheduled in_progress completed cancelled
  scheduled:   [false,    true,       false,    true],
  in_progress: [false,    false,      true,     true],
  completed:   [false,    false,      false,    false],
  cancelled:   [false,    false,      false,    false],
};

const allowedFrom = (from: MaintenanceStatus) => MAINTENANCE_STATUSES.filter((_, i) => STATUS_TABLE[from][i]);
const STATUS_PAIRS = MAINTENANCE_STATUSES.flatMap((from) =>
  MAINTENANCE_STATUSES.map((to) => [from, to] as const),
);

describe('MAINTENANCE_TRANSITIONS', () => {
  it.each(STATUS_PAIRS)('%s -> %s', (from, to) => {
    expect(MAINTENANCE_TRANSITIONS[from].includes(to)).toBe(
      STATUS_TABLE[from][MAINTENANCE_STATUSES.indexOf(to)],
    );
  });

  it.each(MAINTENANCE_STATUSES)('from %s lists the targets in status order', (from) => {
    expect(MAINTENANCE_TRANSITIONS[from]).toEqual(allowedFrom(from));
  });

  it('completed and cancelled are final, and nothing goes back to scheduled', () => {
    expect(MAINTENANCE_TRANSITIONS.completed).toEqual([]);
    expect(MAINTENANCE_TRANSITIONS.cancelled).toEqual([]);
    for (const from of MAINTENANCE_STATUSES) expect(MAINTENANCE_TRANSITIONS[from]).not.toContain('scheduled');
  });
});

// An asset-side cell: the stage the asset ends in when the decision is allowed, or `INV` when the
// lifecycle refuses the move (INVALID_TRANSITION). `[not held, held]` per stage. Held rows other than
// deployed and in_maintenance are facts the API should never load; they are pinned all the same.
type Cell = AssetStage | 'INV';
type Pair = readonly [notHeld: Cell, held: Cell];

// Starting work (from `scheduled` only) moves the asset to in_maintenance, keeping its holder; an
// asset already in maintenance (other work in progress) stays. The lifecycle has no move into
// in_maintenance from ordered, retired, disposed or lost.
// biome-ignore format: an aligned table reads better than a wrapped one.
const START: Record<AssetStage, Pair> = {
  ordered:        ['INV',            'INV'],
  in_stock:       ['in_maintenance', 'in_maintenance'],
  deployed:       ['in_maintenance', 'in_maintenance'],
  in_maintenance: ['in_maintenance', 'in_maintenance'],
  retired:        ['INV',            'INV'],
  disposed:       ['INV',            'INV'],
  lost:           ['INV',            'INV'],
};

// Finishing work that is in progress (complete, or cancel from in_progress), when no other work on
// the asset is in progress: an asset in maintenance goes back to its holder (deployed) if it has one,
// else to stock. An asset in any other stage (moved by hand meanwhile) stays where it is.
// biome-ignore format: an aligned table reads better than a wrapped one.
const FINISH_LAST: Record<AssetStage, Pair> = {
  ordered:        ['ordered',        'ordered'],
  in_stock:       ['in_stock',       'in_stock'],
  deployed:       ['deployed',       'deployed'],
  in_maintenance: ['in_stock',       'deployed'],
  retired:        ['retired',        'retired'],
  disposed:       ['disposed',       'disposed'],
  lost:           ['lost',           'lost'],
};

// The same with other work on the asset still in progress: nothing moves.
// biome-ignore format: an aligned table reads better than a wrapped one.
const FINISH_OTHERS_LEFT: Record<AssetStage, Pair> = {
  ordered:        ['ordered',        'ordered'],
  in_stock:       ['in_stock',       'in_stock'],
  deployed:       ['deployed',       'deployed'],
  in_maintenance: ['in_maintenance', 'in_maintenance'],
  retired:        ['retired',        'retired'],
  disposed:       ['disposed',       'disposed'],
  lost:           ['lost',           'lost'],
};

const stay = (stage: AssetStage): Cell => stage;

type Decide = (status: MaintenanceStatus, stage: AssetStage, held: boolean, other: number) => unknown;

/** The expected verdict for a decision towards `to`, given its asset-side rule for an allowed status. */
function check(
  decide: Decide,
  to: MaintenanceStatus,
  assetSide: (from: MaintenanceStatus, stage: AssetStage, held: boolean, other: number) => Cell,
) {
  return (from: MaintenanceStatus, stage: AssetStage, held: boolean, other: number) => {
    const verdict = decide(from, stage, held, other);
    if (!STATUS_TABLE[from][MAINTENANCE_STATUSES.indexOf(to)]) {
      expect(verdict).toEqual({
        ok: false,
        reason: 'INVALID_MAINTENANCE_STATE',
        message: `Maintenance that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}.`,
        details: { from, to, allowed: allowedFrom(from) },
      });
      return;
    }
    const cell = assetSide(from, stage, held, other);
    if (cell === 'INV') {
      expect(verdict).toMatchObject({
        ok: false,
        reason: 'INVALID_TRANSITION',
        details: { from: stage, to: 'in_maintenance', allowed: [...TRANSITIONS[stage]] },
      });
    } else {
      expect(verdict).toEqual({ ok: true, value: { assetTo: cell } });
    }
  };
}

const CASES = MAINTENANCE_STATUSES.flatMap((status) =>
  ASSET_STAGES.flatMap((stage) =>
    [false, true].flatMap((held) => [0, 1].map((other) => [status, stage, held, other] as const)),
  ),
);
const pick = (table: Record<AssetStage, Pair>, stage: AssetStage, held: boolean) =>
  table[stage][held ? 1 : 0];

describe('decideStartMaintenance', () => {
  // Starting takes no count of other work: an asset already in maintenance simply stays there.
  const expectStart = check(
    (status, stage, held) => decideStartMaintenance({ status }, { stage, held }),
    'in_progress',
    (_from, stage, held) => pick(START, stage, held),
  );
  it.each(CASES)('record %s, asset %s, held %s, other work in progress %d', expectStart);
});

describe('decideCompleteMaintenance', () => {
  const expectComplete = check(
    (status, stage, held, other) => decideCompleteMaintenance({ status }, { stage, held }, other),
    'completed',
    (_from, stage, held, other) => pick(other === 0 ? FINISH_LAST : FINISH_OTHERS_LEFT, stage, held),
  );
  it.each(CASES)('record %s, asset %s, held %s, other work in progress %d', expectComplete);

  it('returns a held asset to its holder and a free one to stock', () => {
    const held = decideCompleteMaintenance(
      { status: 'in_progress' },
      { stage: 'in_maintenance', held: true },
      0,
    );
    const free = decideCompleteMaintenance(
      { status: 'in_progress' },
      { stage: 'in_maintenance', held: false },
      0,
    );
    expect(held).toEqual({ ok: true, value: { assetTo: 'deployed' } });
    expect(free).toEqual({ ok: true, value: { assetTo: 'in_stock' } });
  });

  it('treats any positive count of other work as work still in progress', () => {
    for (const other of [1, 2, 17]) {
      expect(
        decideCompleteMaintenance({ status: 'in_progress' }, { stage: 'in_maintenance', held: true }, other),
      ).toEqual({ ok: true, value: { assetTo: 'in_maintenance' } });
    }
  });
});

describe('decideCancelMaintenance', () => {
  // Cancelling a plan (scheduled) moves nothing, whatever the asset's stage; cancelling work in
  // progress finishes it like a completion.
  const expectCancel = check(
    (status, stage, held, other) => decideCancelMaintenance({ status }, { stage, held }, other),
    'cancelled',
    (from, stage, held, other) =>
      from === 'scheduled' ? stay(stage) : pick(other === 0 ? FINISH_LAST : FINISH_OTHERS_LEFT, stage, held),
  );
  it.each(CASES)('record %s, asset %s, held %s, other work in progress %d', expectCancel);

  it('a scheduled cancel leaves an asset in maintenance there, even with no other work', () => {
    expect(
      decideCancelMaintenance({ status: 'scheduled' }, { stage: 'in_maintenance', held: true }, 0),
    ).toEqual({
      ok: true,
      value: { assetTo: 'in_maintenance' },
    });
  });
});

describe('messages', () => {
  it('name both statuses in words', () => {
    expect(decideStartMaintenance({ status: 'completed' }, { stage: 'in_stock', held: false })).toMatchObject(
      {
        message: 'Maintenance that is completed cannot become in progress.',
      },
    );
    expect(
      decideCompleteMaintenance({ status: 'scheduled' }, { stage: 'in_stock', held: false }, 0),
    ).toMatchObject({ message: 'Maintenance that is scheduled cannot become completed.' });
  });
});

describe('several maintenance records on one asset, with check-outs and check-ins between them', () => {
  // `record` picks one of three records; check-outs and check-ins ignore it.
  const op = fc.record({
    kind: fc.constantFrom('start', 'complete', 'cancel', 'checkOut', 'checkIn'),
    record: fc.integer({ min: 0, max: 2 }),
  });

  it('keep the asset in maintenance exactly while some work is in progress, then return it to its holder', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(op, { maxLength: 60 }), (startsHeld, ops) => {
        const records: MaintenanceStatus[] = ['scheduled', 'scheduled', 'scheduled'];
        let asset: { stage: AssetStage; held: boolean } = startsHeld
          ? { stage: 'deployed', held: true }
          : { stage: 'in_stock', held: false };

        for (const o of ops) {
          if (o.kind === 'checkOut') {
            const v = decideCheckOut({ asset, assignee: { disabled: false } });
            if (v.ok) asset = { stage: v.value.to, held: true };
          } else if (o.kind === 'checkIn') {
            const v = decideCheckIn(asset);
            if (v.ok) asset = { stage: v.value.to, held: false };
          } else {
            const i = o.record;
            const others = records.filter((s, j) => j !== i && s === 'in_progress').length;
            const record = { status: records[i]! };
            const v =
              o.kind === 'start'
                ? decideStartMaintenance(record, asset)
                : o.kind === 'complete'
                  ? decideCompleteMaintenance(record, asset, others)
                  : decideCancelMaintenance(record, asset, others);
            if (v.ok) {
              records[i] =
                o.kind === 'start' ? 'in_progress' : o.kind === 'complete' ? 'completed' : 'cancelled';
              asset = { ...asset, stage: v.value.assetTo };
            }
          }
          const working = records.includes('in_progress');
          expect(asset.stage).toBe(working ? 'in_maintenance' : asset.held ? 'deployed' : 'in_stock');
        }
      }),
      { numRuns: 500 },
    );
  });
});
