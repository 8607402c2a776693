import { describe, expect, it } from 'vitest';
import type { LicenseView } from '../api/trpc.ts';
import { EMPTY_LICENSE, toCreateLicense, toLicensePatch, valuesFromLicense } from './licenseForm.ts';

const license: LicenseView = {
  id: '0b5e3a52-8f0e-4a47-9d0c-6f1d2d0c9a11',
  name: 'JetBrains All Products',
  vendor: 'JetBrains',
  productKey: 'KEY-1',
  seats: 5,
  seatsUsed: 2,
  purchaseDate: '2026-01-10',
  purchaseCost: 1445,
  expiryDate: '2027-01-10',
  renewalCost: null,
  renewalNotes: null,
  createdAt: '2026-01-10T10:00:00.000Z',
  updatedAt: '2026-01-10T10:00:00.000Z',
  expired: false,
  daysUntilExpiry: 200,
};

describe('the new license form', () => {
  it('reports the domain’s message for a missing name', () => {
    expect(toCreateLicense(EMPTY_LICENSE)).toEqual({
      ok: false,
      errors: { name: 'The software name is required.' },
    });
  });

  it('turns empty boxes into null and reads seats and costs as numbers', () => {
    const result = toCreateLicense({ ...EMPTY_LICENSE, name: 'Figma', seats: '3', renewalCost: '12,50' });
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'Figma',
        vendor: '',
        productKey: '',
        seats: 3,
        purchaseDate: null,
        purchaseCost: null,
        expiryDate: null,
        renewalCost: 12.5,
        renewalNotes: '',
      },
    });
  });

  it.each([
    ['', 'Enter the number of seats, like 10.'],
    ['ten', 'Enter the number of seats, like 10.'],
    ['0', 'A license has at least one seat.'],
    ['2.5', 'Seats are whole numbers.'],
  ])('refuses %j seats', (seats, message) => {
    expect(toCreateLicense({ ...EMPTY_LICENSE, name: 'Figma', seats })).toEqual({
      ok: false,
      errors: { seats: message },
    });
  });

  it('refuses costs that are not numbers, and an expiry before the purchase', () => {
    expect(toCreateLicense({ ...EMPTY_LICENSE, name: 'X', purchaseCost: '12 EUR' }).ok).toBe(false);
    expect(
      toCreateLicense({ ...EMPTY_LICENSE, name: 'X', purchaseDate: '2026-02-01', expiryDate: '2026-01-01' }),
    ).toEqual({ ok: false, errors: { expiryDate: 'The license cannot expire before it was bought.' } });
  });
});

describe('the edit form', () => {
  it('sends nothing when nothing changed', () => {
    expect(toLicensePatch(license, valuesFromLicense(license))).toEqual({ ok: true, value: {} });
  });

  it('sends only what changed', () => {
    const values = { ...valuesFromLicense(license), seats: '8', vendor: '', renewalCost: '99.90' };
    expect(toLicensePatch(license, values)).toEqual({
      ok: true,
      value: { seats: 8, vendor: '', renewalCost: 99.9 },
    });
  });

  it('sends a new product key, and an emptied one (which removes it)', () => {
    const values = valuesFromLicense(license);
    expect(toLicensePatch(license, { ...values, productKey: 'KEY-2' })).toEqual({
      ok: true,
      value: { productKey: 'KEY-2' },
    });
    expect(toLicensePatch(license, { ...values, productKey: ' ' })).toEqual({
      ok: true,
      value: { productKey: ' ' },
    });
  });

  it('never reads a key from a license shown without one', () => {
    const { productKey: _key, ...keyless } = license;
    expect(valuesFromLicense(keyless).productKey).toBe('');
  });
});
