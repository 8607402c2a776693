import { describe, expect, it } from 'vitest';
import type { AssetView } from '../api/trpc.ts';
import { EMPTY_ASSET, toCreateInput, toPatch, valuesFromAsset } from './assetForm.ts';

const asset: AssetView = {
  id: '0b5e3a52-8f0e-4a47-9d0c-6f1d2d0c9a11',
  tag: 'IT-01001',
  name: 'ThinkPad T14',
  model: 'ThinkPad T14 Gen 5',
  type: 'laptop',
  serialNumber: null,
  stage: 'in_stock',
  condition: 'good',
  holder: null,
  purchaseDate: '2024-01-10',
  purchaseCost: 1450,
  warrantyEnd: '2027-01-10',
  location: 'Remote',
  notes: null,
  createdAt: '2024-01-10T10:00:00.000Z',
  updatedAt: '2024-01-10T10:00:00.000Z',
};

describe('the create form', () => {
  it('reports the domain’s messages beside the fields', () => {
    const result = toCreateInput(EMPTY_ASSET);
    expect(result).toEqual({
      ok: false,
      errors: { tag: 'The asset tag is required.', name: 'The name is required.' },
    });
  });

  it('turns empty dates and cost into null and accepts a comma in the cost', () => {
    const result = toCreateInput({ ...EMPTY_ASSET, tag: 'IT-9', name: 'Dock', purchaseCost: '12,50' });
    expect(result).toMatchObject({ ok: true, value: { purchaseDate: null, purchaseCost: 12.5 } });
  });

  it('refuses a cost that is not a number', () => {
    const result = toCreateInput({ ...EMPTY_ASSET, tag: 'IT-9', name: 'Dock', purchaseCost: '12 EUR' });
    expect(result.ok).toBe(false);
  });

  it('applies the warranty rule', () => {
    const result = toCreateInput({
      ...EMPTY_ASSET,
      tag: 'IT-9',
      name: 'Dock',
      purchaseDate: '2025-01-02',
      warrantyEnd: '2025-01-01',
    });
    expect(result).toEqual({
      ok: false,
      errors: { warrantyEnd: 'The warranty cannot end before the purchase date.' },
    });
  });
});

describe('the edit form', () => {
  it('sends nothing when nothing changed', () => {
    expect(toPatch(asset, valuesFromAsset(asset))).toEqual({ ok: true, value: {} });
  });

  it('sends only the changed fields, with cleared text as empty', () => {
    const values = { ...valuesFromAsset(asset), location: '  ', purchaseCost: '1500', notes: 'spare' };
    expect(toPatch(asset, values)).toEqual({
      ok: true,
      value: { location: '  ', purchaseCost: 1500, notes: 'spare' },
    });
  });

  it('checks the patch with the domain', () => {
    const result = toPatch(asset, { ...valuesFromAsset(asset), tag: 'bad tag!' });
    expect(result).toEqual({
      ok: false,
      errors: { tag: 'Use letters, digits, and . _ / - in the asset tag.' },
    });
  });
});
