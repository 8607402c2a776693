import type {
  AssetCondition,
  AssetType,
  Entity,
  MaintenanceStatus,
  MaintenanceType,
  Role,
} from '@itam/domain';

// Display names for the domain's values. Stage labels come from the domain (STAGE_LABELS).

export const TYPE_LABELS: Record<AssetType, string> = {
  laptop: 'Laptop',
  desktop: 'Desktop',
  monitor: 'Monitor',
  phone: 'Phone',
  tablet: 'Tablet',
  server: 'Server',
  network: 'Network',
  printer: 'Printer',
  peripheral: 'Peripheral',
  other: 'Other',
};

export const CONDITION_LABELS: Record<AssetCondition, string> = {
  new: 'New',
  good: 'Good',
  fair: 'Fair',
  poor: 'Poor',
  broken: 'Broken',
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  employee: 'Employee',
  'read-only': 'Read-only',
};

/** What a role may do, for the question before giving it to someone. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin:
    'Admins can do everything: manage users and their roles, webhooks and API tokens, besides all that managers do.',
  manager:
    'Managers run the inventory: assets, licenses and their keys, check-outs, maintenance and reports. They cannot manage users, webhooks or API tokens.',
  employee: 'Employees see only what they hold, and change nothing.',
  'read-only': 'Read-only accounts see what staff see, except product keys, and change nothing.',
};

/** "an admin", "a manager": the role as a noun, for "Make dana an admin?". */
export const ROLE_NOUNS: Record<Role, string> = {
  admin: 'an admin',
  manager: 'a manager',
  employee: 'an employee',
  'read-only': 'a read-only account',
};

export const MAINTENANCE_TYPE_LABELS: Record<MaintenanceType, string> = {
  repair: 'Repair',
  upgrade: 'Upgrade',
  inspection: 'Inspection',
  cleaning: 'Cleaning',
  calibration: 'Calibration',
  other: 'Other',
};

export const MAINTENANCE_STATUS_LABELS: Record<MaintenanceStatus, string> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const ENTITY_LABELS: Record<Entity, string> = {
  asset: 'Asset',
  user: 'User',
  license: 'License',
  maintenance: 'Maintenance',
  webhook: 'Webhook',
};

const ACTION_LABELS: Record<string, string> = {
  created: 'Registered',
  updated: 'Edited',
  transitioned: 'Moved',
  removed: 'Deleted',
  checked_out: 'Checked out',
  checked_in: 'Checked in',
  seat_assigned: 'Seat assigned',
  seats_assigned: 'Seats assigned',
  seat_released: 'Seat released',
  scheduled: 'Scheduled',
  started: 'Started',
  completed: 'Completed',
  cancelled: 'Cancelled',
  role_changed: 'Role changed',
  disabled: 'Disabled',
  enabled: 'Enabled',
  signed_up: 'Signed up',
  secret_rotated: 'Secret rotated',
  redelivered: 'Redelivered',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());
}
