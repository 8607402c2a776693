import { appendEvent, countUsers, type Database, insertAsset, insertAssignment, insertUser } from '@itam/db';
import { ASSET_TYPES, type AssetStage, type AssetType, type Role, type User } from '@itam/domain';
import { hashPassword } from './auth/passwords.ts';

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
export async function seedDemo(database: Database): Promise<boolean> {
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
        warrantyEnd: stage === 'ordered' ? null : warranty.toISOString().slice(0, 10),
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
  });
  return true;
}
