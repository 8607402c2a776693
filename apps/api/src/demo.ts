import {
  appendEvent,
  countUsers,
  type Database,
  type DB,
  insertAsset,
  insertAssignment,
  insertLicense,
  insertMaintenance,
  insertSeats,
  insertUser,
  listAssets,
  setMaintenanceStatus,
  type Transaction,
} from '@itam/db';
import {
  ASSET_TYPES,
  type AssetStage,
  type AssetType,
  addDays,
  type Role,
  todayUtc,
  type User,
} from '@itam/domain';
import { hashPassword } from './auth/passwords.ts';
import type { Keyring } from './secrets.ts';

export const DEMO_PASSWORD = 'itam-demo';

export const DEMO_USERS: { username: string; email: string; role: Role }[] = [
  { username: 'admin', email: 'admin@example.com', role: 'admin' },
  { username: 'maria', email: 'maria@example.com', role: 'manager' },
  { username: 'sam', email: 'sam@example.com', role: 'manager' },
  { username: 'dana', email: 'dana@example.com', role: 'employee' },
  { username: 'lee', email: 'lee@example.com', role: 'employee' },
  { username: 'alex', email: 'alex@example.com', role: 'employee' },
];

const MODELS: Record<AssetType, string[]> = {
  laptop: ['ThinkPad T14 Gen 5', 'MacBook Pro 14 M4', 'Latitude 7450', 'EliteBook 840 G11'],
  desktop: ['OptiPlex 7020', 'Mac mini M4', 'ThinkCentre M90q'],
  monitor: ['Dell U2724D', 'LG 27UP850', 'EIZO EV2795'],
  phone: ['iPhone 16', 'Pixel 9', 'Galaxy S25'],
  tablet: ['iPad Air 13', 'Galaxy Tab S10'],
  server: ['PowerEdge R760', 'ProLiant DL380 Gen11'],
  network: ['Meraki MS250', 'UniFi U7 Pro', 'FortiGate 70F'],
  printer: ['LaserJet Pro 4002', 'Brother HL-L8360'],
  peripheral: ['Logitech MX Keys', 'Jabra Evolve2 65', 'CalDigit TS4 dock'],
  other: ['Yubikey 5C NFC', 'Label printer DYMO 550'],
};
const LOCATIONS = [
  'HQ Berlin · 3rd floor',
  'HQ Berlin · store room',
  'Lisbon office',
  'Remote',
  'Data centre FRA1',
];

// 50 assets: the stage of each, in a fixed pattern so every stage is represented.
const STAGE_PATTERN: AssetStage[] = [
  'deployed',
  'in_stock',
  'deployed',
  'in_stock',
  'ordered',
  'deployed',
  'in_maintenance',
  'in_stock',
  'retired',
  'deployed',
];

/** Seeds users of each role and about 50 assets across the stages, with their events. Only on an empty database. */
export async function seedDemo(database: Database, keyring: Keyring): Promise<boolean> {
  if ((await countUsers(database.db)) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await database.db.transaction().execute(async (trx) => {
    const users: User[] = [];
    for (const u of DEMO_USERS) {
      const user = await insertUser(trx, { ...u, passwordHash });
      users.push(user);
      await appendEvent(trx, {
        actor: null,
        entity: 'user',
        entityId: user.id,
        action: 'created',
        reason: 'demo data',
        after: user,
        audience: [user.id],
      });
    }
    const employees = users.filter((u) => u.role === 'employee');
    const admin = users[0]!;
    for (let i = 0; i < 50; i++) {
      const type = ASSET_TYPES[i % ASSET_TYPES.length]!;
      const models = MODELS[type];
      const model = models[i % models.length]!;
      let stage = STAGE_PATTERN[i % STAGE_PATTERN.length]!;
      if (i === 47) stage = 'lost';
      if (i === 48) stage = 'disposed';
      const purchase = new Date(Date.UTC(2022 + (i % 4), (i * 5) % 12, 1 + (i % 27)));
      const warranty = new Date(purchase);
      warranty.setUTCFullYear(purchase.getUTCFullYear() + 3);
      const asset = await insertAsset(trx, {
        tag: `IT-${String(1001 + i).padStart(5, '0')}`,
        name: `${model}${type === 'laptop' || type === 'phone' ? ` #${i + 1}` : ''}`,
        model,
        type,
        serialNumber: `SN${(7919 * (i + 3)).toString(36).toUpperCase()}${i}`,
        stage,
        condition:
          stage === 'in_maintenance'
            ? 'poor'
            : stage === 'retired' || stage === 'disposed'
              ? 'fair'
              : i % 3
                ? 'good'
                : 'new',
        purchaseDate: stage === 'ordered' ? null : purchase.toISOString().slice(0, 10),
        purchaseCost: [1450, 1899, 329, 899, 749, 6200, 540, 410, 189, 59][i % 10]!,
        warrantyEnd: stage === 'ordered' ? null : i === 1 ? day(20) : warranty.toISOString().slice(0, 10),
        location: LOCATIONS[i % LOCATIONS.length]!,
        notes: null,
      });
      let holder: User | undefined;
      if (stage === 'deployed') {
        holder = employees[i % employees.length]!;
        const due = new Date(Date.now() + ((i % 7) - 2) * 30 * 86_400_000);
        await insertAssignment(trx, {
          assetId: asset.id,
          userId: holder.id,
          expectedReturn: due.toISOString().slice(0, 10),
        });
      }
      await appendEvent(trx, {
        actor: admin,
        entity: 'asset',
        entityId: asset.id,
        action: 'created',
        reason: 'demo data',
        after: holder
          ? { ...asset, holder: { id: holder.id, username: holder.username, email: holder.email } }
          : asset,
        audience: holder ? [holder.id] : [],
      });
    }
    await seedLicensesAndMaintenance(trx, keyring, admin, users);
  });
  return true;
}

const day = (offset: number) => addDays(todayUtc(), offset);

/** Licenses in every compliance state, and maintenance planned, running, late and done. */
async function seedLicensesAndMaintenance(
  trx: Transaction<DB>,
  keyring: Keyring,
  admin: User,
  users: User[],
) {
  const licenses = [
    {
      name: 'Microsoft 365 E3',
      vendor: 'Microsoft',
      seats: 10,
      expiryDate: day(200),
      holders: 6,
      cost: 3480,
    },
    { name: 'Adobe Creative Cloud', vendor: 'Adobe', seats: 3, expiryDate: day(25), holders: 3, cost: 2160 },
    {
      name: 'JetBrains All Products',
      vendor: 'JetBrains',
      seats: 5,
      expiryDate: day(5),
      holders: 2,
      cost: 1445,
    },
    { name: 'Slack Business+', vendor: 'Salesforce', seats: 50, expiryDate: day(1), holders: 4, cost: 9000 },
    { name: 'Zoom Workplace Pro', vendor: 'Zoom', seats: 2, expiryDate: day(-10), holders: 1, cost: 300 },
    { name: 'Figma Professional', vendor: 'Figma', seats: 1, expiryDate: null, holders: 1, cost: 180 },
  ];
  for (const [n, l] of licenses.entries()) {
    const created = await insertLicense(trx, {
      name: l.name,
      vendor: l.vendor,
      seats: l.seats,
      expiryDate: l.expiryDate,
      purchaseDate: day(-165),
      purchaseCost: l.cost,
      renewalCost: l.cost,
      renewalNotes: 'Renews yearly; quote from the reseller in the shared drive.',
      productKeyEncrypted: keyring.seal(`DEMO-${(n + 1) * 7919}-${l.vendor.toUpperCase().slice(0, 4)}-KEY`),
    });
    await appendEvent(trx, {
      actor: admin,
      entity: 'license',
      entityId: created.license.id,
      action: 'created',
      reason: 'demo data',
      after: created.license,
    });
    const holders = users.slice(users.length - l.holders);
    await insertSeats(
      trx,
      created.license.id,
      holders.map((u) => ({ userId: u.id })),
    );
    await appendEvent(trx, {
      actor: admin,
      entity: 'license',
      entityId: created.license.id,
      action: 'seats_assigned',
      reason: 'demo data',
      before: { seatsUsed: 0 },
      after: { seatsUsed: holders.length },
      audience: holders.map((u) => u.id),
    });
  }

  const { items: assets } = await listAssets(trx, { sort: 'tag', limit: 50 });
  const inMaintenance = assets.filter((a) => a.stage === 'in_maintenance');
  const inStock = assets.filter((a) => a.stage === 'in_stock');
  const plans = [
    ...inMaintenance.map((a) => ({
      asset: a,
      type: 'repair' as const,
      when: day(-3),
      status: 'in_progress' as const,
      details: 'Keyboard replacement under warranty.',
    })),
    {
      asset: inStock[0]!,
      type: 'inspection' as const,
      when: day(-6),
      status: 'scheduled' as const,
      details: 'Annual electrical safety test.',
    },
    {
      asset: inStock[1]!,
      type: 'upgrade' as const,
      when: day(9),
      status: 'scheduled' as const,
      details: 'RAM upgrade to 32 GB.',
    },
    {
      asset: inStock[2]!,
      type: 'cleaning' as const,
      when: day(-40),
      status: 'completed' as const,
      details: 'Deep clean before redeployment.',
    },
  ];
  for (const plan of plans) {
    let record = await insertMaintenance(trx, {
      assetId: plan.asset.id,
      type: plan.type,
      scheduledFor: plan.when,
      details: plan.details,
      cost: 90,
    });
    if (plan.status !== 'scheduled') record = await setMaintenanceStatus(trx, record.id, 'in_progress');
    if (plan.status === 'completed') record = await setMaintenanceStatus(trx, record.id, 'completed');
    await appendEvent(trx, {
      actor: admin,
      entity: 'maintenance',
      entityId: record.id,
      action: 'scheduled',
      reason: 'demo data',
      after: record,
    });
  }
}
