import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * The database as Kysely sees it. Written by hand beside the migrations; `schema.test.ts`
 * compares it with the migrated catalog so the two cannot drift.
 */
/** Timestamps are Date objects on both drivers; defaults make them optional on insert. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns travel as 'YYYY-MM-DD' strings on both drivers (parsers set in connection.ts). */
type DateString = ColumnType<string, string, string>;
type Json = ColumnType<Record<string, unknown>, string, string>;

export interface UsersTable {
  id: Generated<string>;
  username: string;
  email: string;
  password_hash: string;
  role: string;
  disabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** `person` or `service` (the account of an API token). */
  kind: Generated<string>;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface AssetsTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  tag: string;
  name: string;
  model: string | null;
  type: string;
  serial_number: string | null;
  stage: string;
  condition: string;
  purchase_date: DateString | null;
  purchase_cost: ColumnType<number, number, number> | null;
  warranty_end: DateString | null;
  location: string | null;
  notes: string | null;
  search_text: ColumnType<string, never, never>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AssignmentsTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  asset_id: string;
  user_id: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  expected_return: DateString | null;
  note: string | null;
  return_note: string | null;
  return_condition: string | null;
}

export interface EventsTable {
  id: ColumnType<number, never, never>;
  at: Timestamp;
  actor_id: string | null;
  entity: string;
  entity_id: string;
  action: string;
  reason: string | null;
  before: Json | null;
  after: Json | null;
  audience: ColumnType<string[], string[] | undefined, never>;
}

export interface LicensesTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  name: string;
  vendor: string | null;
  product_key_encrypted: string | null;
  seats: number;
  seats_used: ColumnType<number, number | undefined, number>;
  purchase_date: DateString | null;
  purchase_cost: number | null;
  expiry_date: DateString | null;
  renewal_cost: number | null;
  renewal_notes: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LicenseSeatsTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  license_id: string;
  user_id: string;
  asset_id: string | null;
  assigned_at: Timestamp;
  released_at: Timestamp | null;
}

export interface MaintenanceTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  asset_id: string;
  type: string;
  status: ColumnType<string, string | undefined, string>;
  scheduled_for: DateString;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  details: string;
  cost: number | null;
  note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhooksTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  url: string;
  event_types: ColumnType<string[], string[], string[]>;
  description: string | null;
  active: Generated<boolean>;
  secret_encrypted: string;
  since_event_id: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: ColumnType<number, never, never>;
  webhook_id: string;
  event_id: number;
  status: ColumnType<string, string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  round_attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface WebhookAttemptsTable {
  id: ColumnType<number, never, never>;
  delivery_id: number;
  attempt: number;
  at: ColumnType<Date, Date | string, never>;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  ok: boolean;
}

export interface WebhookCursorTable {
  id: number;
  last_event_id: number;
}

export interface IdempotencyKeysTable {
  actor_id: string;
  key: string;
  procedure: string;
  request_hash: string;
  /** The first call's response as JSON; written with the change, before commit. */
  response: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface NotificationsTable {
  id: ColumnType<number, never, never>;
  recipient_id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  dedupe_key: string;
  title: string;
  body: string;
  payload: ColumnType<Record<string, string | number>, string, string>;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  account_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  assets: AssetsTable;
  assignments: AssignmentsTable;
  events: EventsTable;
  licenses: LicensesTable;
  license_seats: LicenseSeatsTable;
  maintenance: MaintenanceTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  webhook_cursor: WebhookCursorTable;
  idempotency_keys: IdempotencyKeysTable;
  notifications: NotificationsTable;
  api_tokens: ApiTokensTable;
}

export type UserRow = Selectable<UsersTable>;
export type AssetRow = Selectable<AssetsTable>;
export type EventRow = Selectable<EventsTable>;
export type NewAsset = Insertable<AssetsTable>;
