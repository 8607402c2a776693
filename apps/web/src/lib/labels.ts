import type { AssetCondition, AssetType, Role } from '@itam/domain';

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
};

const ACTION_LABELS: Record<string, string> = {
  created: 'Registered',
  updated: 'Edited',
  transitioned: 'Moved',
  removed: 'Deleted',
  checked_out: 'Checked out',
  checked_in: 'Checked in',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());
}
