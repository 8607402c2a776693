import type { Migration } from 'kysely';
import * as m0001 from './0001_init.ts';
import * as m0002 from './0002_licenses_maintenance.ts';
import * as m0003 from './0003_notifications.ts';
import * as m0004 from './0004_webhooks.ts';
import * as m0005 from './0005_idempotency.ts';
import * as m0006 from './0006_api_tokens.ts';
import * as m0009 from './0009_list_indexes.ts';
import * as m0010 from './0010_assignment_sorts.ts';
import * as m0011 from './0011_maintenance_search.ts';

/** Every migration, by name. Names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_licenses_maintenance': m0002,
  '0003_notifications': m0003,
  '0004_webhooks': m0004,
  '0005_idempotency': m0005,
  '0006_api_tokens': m0006,
  '0009_list_indexes': m0009,
  '0010_assignment_sorts': m0010,
  '0011_maintenance_search': m0011,
};
