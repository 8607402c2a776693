import type { AssetDetail } from '@itam/domain';

/** An asset as the API answers one, with every kind of field filled in: for output tests. */
export const sampleAsset: AssetDetail = {
  id: '0193a0f0-0000-7000-8000-000000000001',
  tag: 'IT-00001',
  name: 'ThinkPad X1',
  model: 'X1 Carbon',
  type: 'laptop',
  serialNumber: 'PF-1',
  stage: 'deployed',
  condition: 'good',
  holder: { id: '0193a0f0-0000-7000-8000-000000000002', username: 'dana', email: 'dana@example.com' },
  purchaseDate: '2024-02-29',
  purchaseCost: 1200.5,
  warrantyEnd: null,
  location: null,
  notes: null,
  createdAt: '2024-01-02T10:00:00.000Z',
  updatedAt: '2024-01-02T10:00:00+02:00',
  warrantyEnded: false,
};
