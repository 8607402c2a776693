import { type Action, type AssetStage, isStage, type Reason, STAGE_LABELS } from '@itam/domain';
import { formatDate } from '../lib/format.ts';
import { MAINTENANCE_STATUS_LABELS } from '../lib/labels.ts';

/** What a refusal carries besides its reason: `data.details` as the server sent it. */
export type Details = Readonly<Record<string, unknown>>;

/**
 * One plain sentence per reason the server can give, built from the refusal's details where it has
 * them ("Already checked out to dana since 3 May 2026."). `said` is the server's own message: used
 * only where it holds what the details do not (which field is wrong, which rule a password breaks).
 * A `Record` over every reason, so a new reason without words here does not compile.
 */
export const REASON_MESSAGES: { readonly [R in Reason]: (details: Details, said: string) => string } = {
  VALIDATION_FAILED: (_, said) => said || 'Some of what was entered is not valid; check the form.',
  INVALID_TRANSITION: (d) => {
    const from = stageOf(d.from);
    const to = stageOf(d.to);
    const allowed = stagesOf(d.allowed);
    if (from && allowed.length === 0) return `${from} is final: the asset cannot move any more.`;
    const move =
      from && to ? `An asset cannot go from ${from} to ${to}.` : 'The asset cannot make that move.';
    return allowed.length > 0 ? `${move} From ${from ?? 'here'} it can go to ${listOf(allowed)}.` : move;
  },
  CHECK_OUT_REQUIRED: () => 'Deploying an asset means checking it out to a person: use “Check out”.',
  CHECK_IN_REQUIRED: (d) => {
    const to = stageOf(d.to);
    return `Someone holds this asset: check it in first${to ? `, then move it to ${to}` : ''}.`;
  },
  INVALID_CURSOR: () => 'This page of results is out of date; go back to the first page.',
  WEAK_PASSWORD: (_, said) => said || 'Choose a longer password that is harder to guess.',
  INVALID_CSV: (_, said) => said || 'The file is not a CSV file this import can read.',
  UNKNOWN_COLUMN: (_, said) => said || 'The file has a column this import does not know.',
  MISSING_COLUMN: (_, said) => said || 'The file lacks a column this import needs.',
  IMPORT_REJECTED: (d) => {
    const count = Array.isArray(d.problems) ? d.problems.length : null;
    return count === null
      ? 'The file has problems; nothing was imported.'
      : `The file has ${plural(count, 'problem')}; nothing was imported.`;
  },
  INVALID_WEBHOOK_URL: (d) => WEBHOOK_URL_PROBLEMS[String(d.problem)] ?? WEBHOOK_URL_PROBLEMS.malformed!,
  UNAUTHENTICATED: () => 'Sign in first.',
  INVALID_CREDENTIALS: () => 'Wrong username or password.',
  SESSION_EXPIRED: () => 'Your session has ended; sign in again.',
  TOKEN_EXPIRED: () => 'This API token has expired.',
  TOKEN_REVOKED: () => 'This API token has been revoked.',
  ACCOUNT_DISABLED: () => 'This account is disabled; ask an admin to enable it.',
  FORBIDDEN: (d) => {
    const what = ACTION_WORDS[d.action as Action];
    return what ? `Your role does not allow you to ${what}.` : 'Your role does not allow this.';
  },
  CANNOT_CHANGE_SELF: (_, said) => said || 'You cannot change your own account; ask another admin.',
  READ_ONLY: () => 'This account is read-only: it can look, but change nothing.',
  NOT_FOUND: (_, said) => said || 'It does not exist any more, or it is not yours to see.',
  USERNAME_TAKEN: () => 'That username is taken; choose another.',
  EMAIL_TAKEN: () => 'An account with that email exists already.',
  ASSET_TAG_TAKEN: () => 'Another asset has that tag; choose another.',
  ALREADY_ASSIGNED: (d) => {
    const holder = typeof d.holder === 'string' ? ` to ${d.holder}` : '';
    const since = typeof d.since === 'string' ? ` since ${formatDate(d.since.slice(0, 10))}` : '';
    return `Already checked out${holder}${since}: check it in before handing it to someone else.`;
  },
  NOT_ASSIGNABLE: (d) => {
    const stage = stageOf(d.stage);
    const assignable = stagesOf(d.assignableStages);
    if (!stage) return 'This asset cannot take that in its current stage.';
    return assignable.length > 0
      ? `An asset in ${stage} cannot be checked out; only one in ${listOf(assignable, 'or')} can.`
      : `An asset in ${stage} cannot take that.`;
  },
  NOT_CHECKED_OUT: () => 'Nobody holds this asset, so there is nothing to check in.',
  USER_DISABLED: () => 'That account is disabled: it cannot receive assets or seats.',
  INVALID_MAINTENANCE_STATE: (d) => {
    const from = MAINTENANCE_STATUS_LABELS[d.from as keyof typeof MAINTENANCE_STATUS_LABELS];
    const to = MAINTENANCE_STATUS_LABELS[d.to as keyof typeof MAINTENANCE_STATUS_LABELS];
    return from && to
      ? `Maintenance that is ${from.toLowerCase()} cannot become ${to.toLowerCase()}.`
      : 'This maintenance record cannot make that move any more.';
  },
  LICENSE_EXPIRED: (d) =>
    typeof d.expiryDate === 'string'
      ? `The license expired on ${formatDate(d.expiryDate)}; renew it before assigning seats.`
      : 'The license has expired; renew it before assigning seats.',
  SEAT_ALREADY_ASSIGNED: () => 'That person already has a seat of this license.',
  SEATS_EXHAUSTED: (d) => {
    const seats = numberOf(d.seats);
    const used = numberOf(d.used);
    const requested = numberOf(d.requested);
    if (seats === null || used === null) return 'No seat is free; add seats or release one first.';
    const free = Math.max(0, seats - used);
    if (free === 0) return `All ${plural(seats, 'seat')} are in use; add seats or release one first.`;
    return `Only ${plural(free, 'seat')} of ${seats} ${free === 1 ? 'is' : 'are'} free${
      requested === null ? '' : `, and ${requested} were asked for`
    }.`;
  },
  SEATS_BELOW_USED: (d) => {
    const used = numberOf(d.used);
    const requested = numberOf(d.requested);
    return used === null || requested === null
      ? 'More seats are in use than that; release some first.'
      : `${plural(used, 'seat')} ${used === 1 ? 'is' : 'are'} in use; release some before reducing to ${requested}.`;
  },
  NOT_REMOVABLE: (d) => {
    const stage = stageOf(d.stage);
    if (stage && Array.isArray(d.removableStages)) {
      return `An asset in ${stage} is kept for the record: retire or dispose of it instead of deleting it.`;
    }
    if (stage) return 'This asset has been handed out before: retire it instead of deleting it.';
    return 'It is kept for the record and cannot be deleted.';
  },
  LAST_ADMIN: (_, said) => said || 'Someone must stay an admin: make another person admin first.',
  STALE_STATE: () => 'Someone changed this at the same moment; look at it again and retry.',
  DUPLICATE_IN_FILE: (_, said) => said || 'The file holds the same record twice.',
  LICENSE_EXISTS: (_, said) => said || 'That license exists already.',
  IDEMPOTENCY_KEY_REUSED: () => 'This request was already sent with different content; start it again.',
  SERVICE_ACCOUNT: () =>
    "This is an API token's account: its role is the token's, and revoking the token ends it.",
  RATE_LIMITED: () => 'Too many attempts; wait a minute and try again.',
  UNAVAILABLE: () => 'The service is unavailable right now; try again shortly.',
};

const WEBHOOK_URL_PROBLEMS: Record<string, string> = {
  malformed: 'Enter a full URL such as https://example.com/hooks/itam.',
  scheme: 'A webhook URL starts with http:// or https://.',
  credentials: 'A webhook URL cannot hold a user name or password; deliveries are signed instead.',
  too_long: 'That webhook URL is too long.',
};

/** What each permission lets a person do, for "Your role does not allow you to …". */
const ACTION_WORDS: Record<Action, string> = {
  'user.list': 'see the list of users',
  'user.manage': 'manage users and roles',
  'asset.read': 'see this asset',
  'asset.create': 'register assets',
  'asset.update': 'edit assets',
  'asset.transition': 'move assets through their lifecycle',
  'asset.remove': 'delete assets',
  'event.read': 'see this change',
  'event.list': 'read the audit trail',
  'assignment.read': 'see assignments',
  'assignment.manage': 'check assets out or in',
  'license.read': 'see licenses',
  'license.manage': 'manage licenses and seats',
  'license.readKey': 'see product keys',
  'maintenance.read': 'see maintenance',
  'maintenance.manage': 'schedule or change maintenance',
  'compliance.read': 'see compliance reports',
  'holdings.read': 'see holdings',
  'webhook.manage': 'manage webhooks',
  'notification.read': 'read notifications',
  'token.manage': 'manage API tokens',
};

function stageOf(value: unknown): string | null {
  return isStage(value) ? STAGE_LABELS[value] : null;
}

function stagesOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter(isStage).map((s: AssetStage) => STAGE_LABELS[s]) : [];
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function listOf(items: readonly string[], last = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

/** The plain-words message for a reason and its details. */
export function reasonMessage(reason: Reason, details: Details | null | undefined, said = ''): string {
  return REASON_MESSAGES[reason](details ?? {}, said.trim());
}
