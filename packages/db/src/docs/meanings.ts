/**
 * What each table and column means, for the generated data dictionary (docs/data-dictionary.md).
 * A meaning can also come from `COMMENT ON` in a migration, which wins over this map. The
 * generator fails on a table or column that has neither, so a new column cannot go undocumented:
 * add it here (or comment on it in its migration) and run `pnpm docs:generate`.
 */
export const MEANINGS: Record<string, { table: string; columns: Record<string, string> }> = {
  users: {
    table: 'Accounts: people who sign in, and the service accounts of API tokens',
    columns: {
      id: 'Identifies the account',
      username: 'Unique, compared case-insensitively; for a service account, the name of its service',
      email: 'Unique, compared case-insensitively; sign-in also accepts it',
      password_hash: 'argon2id hash of the password; never leaves the database layer',
      role: 'admin, manager (IT staff), employee, or read-only; what the account may do (the permission matrix)',
      disabled: 'A disabled account cannot sign in; disabling ends its sessions',
      created_at: 'When the account was created',
      updated_at: 'When the role, status or password last changed',
    },
  },
  sessions: {
    table: 'Sign-ins: one row per login, found by the hash of its token',
    columns: {
      id: 'Identifies the session',
      token_hash: 'SHA-256 of the session token, hex; the token itself is never stored',
      user_id: 'The account signed in',
      created_at: 'When the login happened',
      expires_at: 'After this moment the session is refused (SESSION_TTL_HOURS after login)',
    },
  },
  assets: {
    table: 'Hardware, through its lifecycle',
    columns: {
      id: 'Identifies the asset',
      seq: 'Creation order, the tie-breaker of keyset paging',
      tag: 'The human-facing asset tag; unique, compared case-insensitively',
      name: 'What people call it',
      model: 'Make and model',
      type: 'Category: laptop, desktop, monitor, phone, tablet, server, network, printer, peripheral, other',
      serial_number: "The manufacturer's serial number",
      stage: 'Lifecycle stage (see docs/rules.md); changed only through the lifecycle rules',
      condition: 'Physical condition: new, good, fair, poor, broken',
      purchase_date: 'When it was bought',
      purchase_cost: 'What it cost, two decimals, never negative',
      warranty_end: 'Last day of the warranty',
      location: 'Where it is kept',
      notes: 'Free text',
      search_text: 'Lower-cased tag, name, serial number and model, for the trigram search index',
      created_at: 'When it was registered',
      updated_at: 'When it last changed',
    },
  },
  assignments: {
    table: 'Check-outs of assets to people; at most one open assignment per asset',
    columns: {
      id: 'Identifies the assignment',
      asset_id: 'The asset handed out',
      user_id: 'The person holding it',
      started_at: 'When it was checked out',
      ended_at: 'When it was checked in; null while the person holds it (the assignment is open)',
      expected_return: 'When it is due back; past it, the assignment is overdue',
      note: 'Note at check-out',
      return_note: 'Note at check-in',
      return_condition: 'Condition reported at check-in',
      seq: 'Creation order, the tie-breaker of keyset paging',
    },
  },
  events: {
    table:
      'The audit trail: every change, written in its transaction; append-only (triggers refuse update, delete, truncate)',
    columns: {
      id: 'Grows with every event; ids become visible in order, so readers resume after the last id they saw',
      at: 'When the change was committed',
      actor_id:
        'Who made the change: a person or the service account of an API token; null for the command-line tool',
      entity: 'What kind of record changed: asset, user, license, maintenance',
      entity_id: 'Which record changed',
      action: 'What happened (created, transitioned, checked_out, token_revoked, …)',
      reason: 'Why, when the change asks for one (lifecycle moves)',
      before: 'The changed fields before, as JSON (never secrets)',
      after: 'The changed fields after, as JSON (never secrets)',
      audience: 'Users besides staff who may see the event: the holders before and after the change',
    },
  },
  licenses: {
    table: 'Software licenses with their seats',
    columns: {
      id: 'Identifies the license',
      seq: 'Creation order, the tie-breaker of keyset paging',
      name: 'The software',
      vendor: 'Who sells it',
      product_key_encrypted:
        'The product key sealed with AES-256-GCM (key from ITAM_SECRET); only staff receive it',
      seats: 'Seats owned, at least 1',
      seats_used: 'Open seats, kept with every seat change on the locked row; a CHECK keeps it within seats',
      purchase_date: 'When it was bought',
      purchase_cost: 'What it cost, two decimals, never negative',
      expiry_date: 'Last day it is valid; after it no new seats are given',
      renewal_cost: 'What a renewal costs',
      renewal_notes: 'Free text about the renewal',
      created_at: 'When it was registered',
      updated_at: 'When it last changed',
    },
  },
  license_seats: {
    table:
      'Seats of a license given to people (optionally on an asset); at most one open seat per person and license',
    columns: {
      id: 'Identifies the seat assignment',
      seq: 'Creation order, the tie-breaker of keyset paging',
      license_id: 'The license',
      user_id: 'The person using the seat',
      asset_id: 'The asset it is installed on, if any',
      assigned_at: 'When the seat was given',
      released_at: 'When it was freed; null while in use',
    },
  },
  maintenance: {
    table: 'Maintenance of assets: scheduled, in progress, completed or cancelled',
    columns: {
      id: 'Identifies the maintenance record',
      seq: 'Creation order, the tie-breaker of keyset paging',
      asset_id: 'The asset maintained',
      type: 'repair, upgrade, inspection, cleaning, calibration, other',
      status: 'scheduled, in_progress, completed, cancelled (see docs/rules.md)',
      scheduled_for: 'The day it is planned for; past it while open, it is overdue',
      started_at: 'When work started (the asset went to in_maintenance)',
      completed_at: 'When it was completed or cancelled',
      details: 'What is to be done',
      cost: 'What it cost, two decimals, never negative',
      note: 'Free text',
      created_at: 'When it was scheduled',
      updated_at: 'When it last changed',
    },
  },
};
