import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CreateAssetInput, ListAssetsInput, TransitionAssetInput, UpdateAssetInput } from './schemas.ts';
import { ASSET_STAGES } from './stages.ts';

const ID = '0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b';
const minimal = { tag: 'LT-0001', name: 'ThinkPad T14', type: 'laptop' } as const;

/** The distinct paths of the issues a parse reports, or [] when it succeeds. */
function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return result.success ? [] : [...new Set(result.error!.issues.map((i) => i.path.join('.')))];
}

describe('CreateAssetInput', () => {
  it('fills condition and stage with their defaults', () => {
    expect(CreateAssetInput.parse(minimal)).toEqual({ ...minimal, condition: 'new', stage: 'in_stock' });
  });

  it.each(['ordered', 'in_stock'] as const)('may start in %s', (stage) => {
    expect(CreateAssetInput.parse({ ...minimal, stage }).stage).toBe(stage);
  });

  it.each(ASSET_STAGES.filter((s) => s !== 'ordered' && s !== 'in_stock'))('may not start in %s', (stage) => {
    expect(issuePaths(CreateAssetInput.safeParse({ ...minimal, stage }))).toEqual(['stage']);
  });

  it('refuses unknown keys, such as a holder or an id', () => {
    expect(issuePaths(CreateAssetInput.safeParse({ ...minimal, holderId: ID }))).toEqual(['']);
    expect(issuePaths(CreateAssetInput.safeParse({ ...minimal, id: ID }))).toEqual(['']);
  });

  it('requires tag, name and type', () => {
    expect(issuePaths(CreateAssetInput.safeParse({})).sort()).toEqual(['name', 'tag', 'type']);
    expect(issuePaths(CreateAssetInput.safeParse({ ...minimal, name: '   ' }))).toEqual(['name']);
  });

  it.each(['LT-0001', 'a', '2024/07.x_1', 'Z'.repeat(64)])('accepts the tag %j', (tag) => {
    expect(CreateAssetInput.parse({ ...minimal, tag }).tag).toBe(tag);
  });

  it('says the tag is required when it is empty', () => {
    const result = CreateAssetInput.safeParse({ ...minimal, tag: '  ' });
    expect(result.error?.issues.map((i) => i.message)).toContain('The asset tag is required.');
  });

  it('trims the tag', () => {
    expect(CreateAssetInput.parse({ ...minimal, tag: '  LT-1  ' }).tag).toBe('LT-1');
  });

  it.each(['', '   ', '-LT1', '.LT1', 'LT 1', 'LT#1', 'LT-1é', 'Z'.repeat(65)])(
    'refuses the tag %j',
    (tag) => {
      expect(issuePaths(CreateAssetInput.safeParse({ ...minimal, tag }))).toEqual(['tag']);
    },
  );

  it.each([0, 0.5, 19.99, 1234.1, 0.07, 0.1 + 0.2, 9_999_999_999.99])('accepts the cost %d', (cost) => {
    expect(CreateAssetInput.parse({ ...minimal, purchaseCost: cost }).purchaseCost).toBe(cost);
  });

  it.each([1.005, 19.999, 0.001, 2.675, -0.01, 10_000_000_000, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses the cost %d',
    (cost) => {
      expect(issuePaths(CreateAssetInput.safeParse({ ...minimal, purchaseCost: cost }))).toEqual([
        'purchaseCost',
      ]);
    },
  );

  // Regression: costs above about 134 million (2^27) with two decimals were refused about one time
  // in eight, because the float error of `n * 100` outgrew a fixed 1e-6 tolerance.
  it('accepts every two-decimal cost up to the maximum, including large ones', () => {
    for (const cost of [4_816_375_851.23, 9_400_111_390.72, 134_221_101.17]) {
      expect(CreateAssetInput.safeParse({ ...minimal, purchaseCost: cost }).success).toBe(true);
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999 }), (cents) => {
        expect(CreateAssetInput.safeParse({ ...minimal, purchaseCost: cents / 100 }).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every cost with a third decimal, however large', () => {
    const mills = fc.integer({ min: 0, max: 9_999_999_999_990 }).filter((m) => m % 10 !== 0);
    fc.assert(
      fc.property(mills, (m) => {
        expect(issuePaths(CreateAssetInput.safeParse({ ...minimal, purchaseCost: m / 1000 }))).toEqual([
          'purchaseCost',
        ]);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a cost sent as a string', () => {
    expect(issuePaths(CreateAssetInput.safeParse({ ...minimal, purchaseCost: '12.50' }))).toEqual([
      'purchaseCost',
    ]);
  });

  it('refuses a warranty that ends before the purchase', () => {
    const result = CreateAssetInput.safeParse({
      ...minimal,
      purchaseDate: '2024-05-01',
      warrantyEnd: '2024-04-30',
    });
    expect(issuePaths(result)).toEqual(['warrantyEnd']);
    expect(result.error?.issues[0]?.message).toBe('The warranty cannot end before the purchase date.');
  });

  it('accepts a warranty ending on the purchase day, or later, or either date alone', () => {
    for (const dates of [
      { purchaseDate: '2024-05-01', warrantyEnd: '2024-05-01' },
      { purchaseDate: '2024-05-01', warrantyEnd: '2027-05-01' },
      { purchaseDate: '2024-05-01', warrantyEnd: null },
      { purchaseDate: null, warrantyEnd: '2020-01-01' },
      { warrantyEnd: '2020-01-01' },
    ]) {
      expect(CreateAssetInput.safeParse({ ...minimal, ...dates }).success).toBe(true);
    }
  });

  it.each(['2024-02-30', '2024-5-1', '01/05/2024', '2024-05-01T00:00:00Z'])('refuses the date %j', (date) => {
    expect(issuePaths(CreateAssetInput.safeParse({ ...minimal, purchaseDate: date }))).toEqual([
      'purchaseDate',
    ]);
  });

  it('turns empty optional text into null and trims the rest', () => {
    const parsed = CreateAssetInput.parse({
      ...minimal,
      model: '',
      serialNumber: '  SN-1 ',
      location: '   ',
      notes: null,
    });
    expect(parsed).toMatchObject({ model: null, serialNumber: 'SN-1', location: null, notes: null });
  });

  it('leaves absent optional text absent', () => {
    expect(CreateAssetInput.parse(minimal)).not.toHaveProperty('model');
  });

  it('bounds optional text', () => {
    expect(issuePaths(CreateAssetInput.safeParse({ ...minimal, notes: 'x'.repeat(5001) }))).toEqual([
      'notes',
    ]);
    expect(CreateAssetInput.safeParse({ ...minimal, notes: 'x'.repeat(5000) }).success).toBe(true);
    expect(issuePaths(CreateAssetInput.safeParse({ ...minimal, model: 'x'.repeat(201) }))).toEqual(['model']);
  });

  it('refuses an unknown type or condition', () => {
    expect(issuePaths(CreateAssetInput.safeParse({ ...minimal, type: 'car' }))).toEqual(['type']);
    expect(issuePaths(CreateAssetInput.safeParse({ ...minimal, condition: 'mint' }))).toEqual(['condition']);
  });
});

describe('UpdateAssetInput', () => {
  it('takes an id and a partial patch', () => {
    expect(UpdateAssetInput.parse({ id: ID, patch: { name: ' New name ', location: '' } })).toEqual({
      id: ID,
      patch: { name: 'New name', location: null },
    });
  });

  it('accepts an empty patch', () => {
    expect(UpdateAssetInput.parse({ id: ID, patch: {} })).toEqual({ id: ID, patch: {} });
  });

  it('refuses a stage, a holder or any unknown key in the patch', () => {
    for (const key of ['stage', 'holderId', 'id', 'createdAt']) {
      expect(issuePaths(UpdateAssetInput.safeParse({ id: ID, patch: { [key]: 'x' } }))).toEqual(['patch']);
    }
    expect(issuePaths(UpdateAssetInput.safeParse({ id: ID, patch: {}, extra: 1 }))).toEqual(['']);
  });

  it('refuses an id that is not a UUID and a missing patch', () => {
    expect(issuePaths(UpdateAssetInput.safeParse({ id: 'LT-0001', patch: {} }))).toEqual(['id']);
    expect(issuePaths(UpdateAssetInput.safeParse({ id: ID }))).toEqual(['patch']);
  });

  it('applies the field rules to patched fields', () => {
    expect(issuePaths(UpdateAssetInput.safeParse({ id: ID, patch: { tag: 'bad tag' } }))).toEqual([
      'patch.tag',
    ]);
    expect(issuePaths(UpdateAssetInput.safeParse({ id: ID, patch: { name: '' } }))).toEqual(['patch.name']);
    expect(issuePaths(UpdateAssetInput.safeParse({ id: ID, patch: { purchaseCost: 1.005 } }))).toEqual([
      'patch.purchaseCost',
    ]);
  });

  it('lets a patch clear optional fields with null', () => {
    const patch = { model: null, purchaseDate: null, purchaseCost: null, warrantyEnd: null };
    expect(UpdateAssetInput.parse({ id: ID, patch }).patch).toEqual(patch);
  });

  // Pinned as it is today: the patch alone cannot see the stored dates, so the warranty rule of
  // CreateAssetInput is not applied here, even when both dates are in the same patch.
  it('does not compare purchase and warranty dates', () => {
    const patch = { purchaseDate: '2024-05-01', warrantyEnd: '2024-01-01' };
    expect(UpdateAssetInput.safeParse({ id: ID, patch }).success).toBe(true);
  });
});

describe('TransitionAssetInput', () => {
  it('takes an id, a stage and a trimmed reason', () => {
    expect(TransitionAssetInput.parse({ id: ID, to: 'lost', reason: '  Left on a train ' })).toEqual({
      id: ID,
      to: 'lost',
      reason: 'Left on a train',
    });
  });

  it.each([undefined, '', '   '])('requires a reason (%j)', (reason) => {
    expect(issuePaths(TransitionAssetInput.safeParse({ id: ID, to: 'lost', reason }))).toEqual(['reason']);
  });

  it('bounds the reason at 500 characters', () => {
    expect(TransitionAssetInput.safeParse({ id: ID, to: 'lost', reason: 'x'.repeat(500) }).success).toBe(
      true,
    );
    expect(
      issuePaths(TransitionAssetInput.safeParse({ id: ID, to: 'lost', reason: 'x'.repeat(501) })),
    ).toEqual(['reason']);
  });

  it.each(ASSET_STAGES)('accepts %s as a target (the lifecycle decides)', (to) => {
    expect(TransitionAssetInput.safeParse({ id: ID, to, reason: 'r' }).success).toBe(true);
  });

  it('refuses an unknown stage and unknown keys', () => {
    expect(issuePaths(TransitionAssetInput.safeParse({ id: ID, to: 'stolen', reason: 'r' }))).toEqual(['to']);
    expect(
      issuePaths(TransitionAssetInput.safeParse({ id: ID, to: 'lost', reason: 'r', path: 'x' })),
    ).toEqual(['']);
  });
});

describe('ListAssetsInput', () => {
  it('defaults when nothing or an empty object is sent', () => {
    expect(ListAssetsInput.parse(undefined)).toEqual({ sort: 'created', limit: 50 });
    expect(ListAssetsInput.parse({})).toEqual({ sort: 'created', limit: 50 });
  });

  it.each([1, 2, 50, 199, 200])('accepts limit %d', (limit) => {
    expect(ListAssetsInput.parse({ limit }).limit).toBe(limit);
  });

  it.each([0, -1, 201, 1000, 1.5, Number.NaN])('refuses limit %d', (limit) => {
    expect(issuePaths(ListAssetsInput.safeParse({ limit }))).toEqual(['limit']);
  });

  it('takes filters, a trimmed search, a sort and a cursor', () => {
    const input = { stage: ['lost', 'retired'], type: ['laptop'], holderId: ID, q: ' dell ', sort: 'tag' };
    expect(ListAssetsInput.parse({ ...input, cursor: 'abc' })).toEqual({
      ...input,
      q: 'dell',
      cursor: 'abc',
      limit: 50,
    });
    expect(ListAssetsInput.parse({ cursor: null }).cursor).toBeNull();
  });

  it('refuses unknown stages, sorts, empty cursors and unknown keys', () => {
    expect(issuePaths(ListAssetsInput.safeParse({ stage: ['stolen'] }))).toEqual(['stage.0']);
    expect(issuePaths(ListAssetsInput.safeParse({ sort: 'price' }))).toEqual(['sort']);
    expect(issuePaths(ListAssetsInput.safeParse({ cursor: '' }))).toEqual(['cursor']);
    expect(issuePaths(ListAssetsInput.safeParse({ offset: 10 }))).toEqual(['']);
  });
});

describe('paged inputs from useInfiniteQuery', () => {
  it('accept direction "forward" (sent by tRPC) and refuse "backward" (keyset pages forward only)', () => {
    expect(ListAssetsInput.safeParse({ direction: 'forward' }).success).toBe(true);
    expect(ListAssetsInput.safeParse({ direction: 'backward' }).success).toBe(false);
  });
});
