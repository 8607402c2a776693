import { describe, expect, it } from 'vitest';
import {
  AssignSeatInput,
  AssignSeatsInput,
  CreateLicenseInput,
  License,
  LicenseWithKey,
  ListLicensesInput,
  ReleaseSeatInput,
  UpdateLicenseInput,
} from './schemas.ts';

const ID = '0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b';
const ID2 = '0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7c';
const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => `0190b3c4-5d6e-7f80-9a1b-${i.toString(16).padStart(12, '0')}`);

function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return result.success ? [] : [...new Set(result.error!.issues.map((i) => i.path.join('.')))];
}

describe('CreateLicenseInput', () => {
  it('needs a name and gives one seat by default', () => {
    expect(CreateLicenseInput.parse({ name: ' Office ' })).toEqual({ name: 'Office', seats: 1 });
    expect(issuePaths(CreateLicenseInput.safeParse({}))).toEqual(['name']);
    expect(CreateLicenseInput.safeParse({ name: '  ' }).error?.issues[0]?.message).toBe(
      'The software name is required.',
    );
  });

  it.each([1, 2, 250, 1_000_000])('accepts %d seats', (seats) => {
    expect(CreateLicenseInput.parse({ name: 'Office', seats }).seats).toBe(seats);
  });

  it.each([
    [0, 'A license has at least one seat.'],
    [-1, 'A license has at least one seat.'],
    [1.5, 'Seats are whole numbers.'],
    [1_000_001, undefined],
    ['3', undefined],
    [null, undefined],
  ])('refuses %j seats', (seats, message) => {
    const result = CreateLicenseInput.safeParse({ name: 'Office', seats });
    expect(issuePaths(result)).toEqual(['seats']);
    if (message) expect(result.error?.issues.map((i) => i.message)).toContain(message);
  });

  it('keeps the product key optional, trims it, and turns an empty one into null', () => {
    expect(CreateLicenseInput.parse({ name: 'Office' })).not.toHaveProperty('productKey');
    expect(CreateLicenseInput.parse({ name: 'Office', productKey: '' }).productKey).toBeNull();
    expect(CreateLicenseInput.parse({ name: 'Office', productKey: '   ' }).productKey).toBeNull();
    expect(CreateLicenseInput.parse({ name: 'Office', productKey: null }).productKey).toBeNull();
    expect(CreateLicenseInput.parse({ name: 'Office', productKey: ' AB-CD ' }).productKey).toBe('AB-CD');
    expect(
      issuePaths(CreateLicenseInput.safeParse({ name: 'Office', productKey: 'k'.repeat(2001) })),
    ).toEqual(['productKey']);
  });

  it('takes every optional field', () => {
    const full = {
      name: 'Office',
      vendor: 'Contoso',
      productKey: 'AB-CD',
      seats: 25,
      purchaseDate: '2026-01-15',
      purchaseCost: 1200.5,
      expiryDate: '2027-01-14',
      renewalCost: 1100,
      renewalNotes: 'Renew through the reseller.',
    };
    expect(CreateLicenseInput.parse(full)).toEqual(full);
  });

  it.each(['2026-02-29', '2026-1-15', '2026-01-15T00:00:00Z'])('refuses the expiry date %j', (expiryDate) => {
    expect(issuePaths(CreateLicenseInput.safeParse({ name: 'Office', expiryDate }))).toEqual(['expiryDate']);
  });

  it.each([-0.01, 10_000_000_000, Number.NaN])('refuses the cost %d', (cost) => {
    expect(issuePaths(CreateLicenseInput.safeParse({ name: 'Office', purchaseCost: cost }))).toEqual([
      'purchaseCost',
    ]);
    expect(issuePaths(CreateLicenseInput.safeParse({ name: 'Office', renewalCost: cost }))).toEqual([
      'renewalCost',
    ]);
  });

  // Pinned as it is today: unlike an asset's purchase cost, a license cost is not limited to two
  // decimals (reported as a doubt; the same holds for a maintenance cost).
  it('refuses a cost with a third decimal, like asset costs', () => {
    expect(CreateLicenseInput.safeParse({ name: 'Office', purchaseCost: 0.001 }).success).toBe(false);
    expect(CreateLicenseInput.safeParse({ name: 'Office', renewalCost: 12.345 }).success).toBe(false);
    expect(CreateLicenseInput.parse({ name: 'Office', purchaseCost: 12.34 }).purchaseCost).toBe(12.34);
  });

  it('refuses a NUL character in the product key', () => {
    expect(CreateLicenseInput.safeParse({ name: 'Office', productKey: 'KEY\u0000' }).success).toBe(false);
  });

  it('refuses unknown keys, such as the seats in use', () => {
    expect(issuePaths(CreateLicenseInput.safeParse({ name: 'Office', seatsUsed: 0 }))).toEqual(['']);
    expect(issuePaths(CreateLicenseInput.safeParse({ name: 'Office', id: ID }))).toEqual(['']);
  });
});

describe('UpdateLicenseInput', () => {
  it('takes an id and a patch, which may be empty, and fills no default', () => {
    expect(UpdateLicenseInput.parse({ id: ID, patch: {} })).toEqual({ id: ID, patch: {} });
    // A patch without seats must not reset them to 1.
    expect(UpdateLicenseInput.parse({ id: ID, patch: { name: 'Office 2' } }).patch).not.toHaveProperty(
      'seats',
    );
  });

  it('applies the field rules to patched fields', () => {
    expect(issuePaths(UpdateLicenseInput.safeParse({ id: ID, patch: { seats: 0 } }))).toEqual([
      'patch.seats',
    ]);
    expect(issuePaths(UpdateLicenseInput.safeParse({ id: ID, patch: { seats: 2.5 } }))).toEqual([
      'patch.seats',
    ]);
    expect(issuePaths(UpdateLicenseInput.safeParse({ id: ID, patch: { name: ' ' } }))).toEqual([
      'patch.name',
    ]);
    expect(issuePaths(UpdateLicenseInput.safeParse({ id: ID, patch: { name: null } }))).toEqual([
      'patch.name',
    ]);
  });

  it('lets a patch clear optional fields, the product key with an empty string too', () => {
    const patch = { vendor: null, productKey: '', expiryDate: null, purchaseCost: null, renewalNotes: '  ' };
    expect(UpdateLicenseInput.parse({ id: ID, patch }).patch).toEqual({
      vendor: null,
      productKey: null,
      expiryDate: null,
      purchaseCost: null,
      renewalNotes: null,
    });
  });

  it('refuses unknown keys in the patch and beside it, and a missing id or patch', () => {
    expect(issuePaths(UpdateLicenseInput.safeParse({ id: ID, patch: { seatsUsed: 3 } }))).toEqual(['patch']);
    expect(issuePaths(UpdateLicenseInput.safeParse({ id: ID, patch: {}, force: true }))).toEqual(['']);
    expect(issuePaths(UpdateLicenseInput.safeParse({ patch: {} }))).toEqual(['id']);
    expect(issuePaths(UpdateLicenseInput.safeParse({ id: ID }))).toEqual(['patch']);
  });
});

describe('AssignSeatInput and ReleaseSeatInput', () => {
  it('take a license and a person, and for a seat an optional asset', () => {
    expect(AssignSeatInput.parse({ licenseId: ID, userId: ID2 })).toEqual({ licenseId: ID, userId: ID2 });
    expect(AssignSeatInput.parse({ licenseId: ID, userId: ID2, assetId: null }).assetId).toBeNull();
    expect(AssignSeatInput.parse({ licenseId: ID, userId: ID2, assetId: ID }).assetId).toBe(ID);
    expect(ReleaseSeatInput.parse({ licenseId: ID, userId: ID2 })).toEqual({ licenseId: ID, userId: ID2 });
  });

  it('refuse missing or malformed ids and unknown keys', () => {
    expect(issuePaths(AssignSeatInput.safeParse({})).sort()).toEqual(['licenseId', 'userId']);
    expect(issuePaths(AssignSeatInput.safeParse({ licenseId: ID, userId: 'dana' }))).toEqual(['userId']);
    expect(issuePaths(AssignSeatInput.safeParse({ licenseId: ID, userId: ID2, seats: 2 }))).toEqual(['']);
    expect(issuePaths(ReleaseSeatInput.safeParse({ licenseId: ID, userId: ID2, assetId: ID }))).toEqual(['']);
  });
});

describe('AssignSeatsInput', () => {
  it.each([1, 500])('accepts %d people', (n) => {
    expect(AssignSeatsInput.parse({ licenseId: ID, userIds: ids(n) }).userIds).toHaveLength(n);
  });

  it('refuses nobody, with a message, and more than 500 people', () => {
    const none = AssignSeatsInput.safeParse({ licenseId: ID, userIds: [] });
    expect(issuePaths(none)).toEqual(['userIds']);
    expect(none.error?.issues[0]?.message).toBe('Pick at least one person.');
    expect(issuePaths(AssignSeatsInput.safeParse({ licenseId: ID, userIds: ids(501) }))).toEqual(['userIds']);
  });

  // Pinned as it is today: the same person twice is not refused by the schema.
  it('does not refuse the same person twice', () => {
    expect(AssignSeatsInput.safeParse({ licenseId: ID, userIds: [ID2, ID2] }).success).toBe(true);
  });

  it('refuses unknown keys', () => {
    expect(issuePaths(AssignSeatsInput.safeParse({ licenseId: ID, userIds: [ID2], assetId: ID }))).toEqual([
      '',
    ]);
  });
});

describe('ListLicensesInput', () => {
  it('defaults to 50 at a time', () => {
    expect(ListLicensesInput.parse(undefined)).toEqual({ sort: 'name', limit: 50 });
    expect(ListLicensesInput.parse({})).toEqual({ sort: 'name', limit: 50 });
  });

  it('sorts by name or expiry, nothing else', () => {
    expect(ListLicensesInput.parse({ sort: 'expiry' }).sort).toBe('expiry');
    expect(issuePaths(ListLicensesInput.safeParse({ sort: 'vendor' }))).toEqual(['sort']);
  });

  it('filters by text and by days to expiry', () => {
    expect(ListLicensesInput.parse({ q: ' office ', expiringWithinDays: 30 })).toEqual({
      q: 'office',
      expiringWithinDays: 30,
      sort: 'name',
      limit: 50,
    });
    expect(issuePaths(ListLicensesInput.safeParse({ expiringWithinDays: -1 }))).toEqual([
      'expiringWithinDays',
    ]);
    expect(issuePaths(ListLicensesInput.safeParse({ expiringWithinDays: 3651 }))).toEqual([
      'expiringWithinDays',
    ]);
    expect(issuePaths(ListLicensesInput.safeParse({ vendor: 'x' }))).toEqual(['']);
  });
});

describe('License and LicenseWithKey (output)', () => {
  const license = {
    id: ID,
    name: 'Office',
    vendor: null,
    seats: 10,
    seatsUsed: 3,
    purchaseDate: null,
    purchaseCost: null,
    expiryDate: '2027-01-14',
    renewalCost: null,
    renewalNotes: null,
    createdAt: '2026-01-15T10:00:00.000Z',
    updatedAt: '2026-01-15T10:00:00.000Z',
  };

  it('License never carries the product key, even when the row has one', () => {
    const parsed = License.parse({ ...license, productKey: 'SECRET-KEY' });
    expect(parsed).toEqual(license);
    expect(parsed).not.toHaveProperty('productKey');
  });

  it('LicenseWithKey carries it, or null', () => {
    expect(LicenseWithKey.parse({ ...license, productKey: 'SECRET-KEY' }).productKey).toBe('SECRET-KEY');
    expect(LicenseWithKey.parse({ ...license, productKey: null }).productKey).toBeNull();
    expect(LicenseWithKey.safeParse(license).success).toBe(false);
  });
});
