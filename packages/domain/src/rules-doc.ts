import {
  ASSET_STAGES,
  ASSIGNABLE_STAGES,
  HELD_STAGES,
  HOLDABLE_STAGES,
  REMOVABLE_STAGES,
  STAGE_LABELS,
  TERMINAL_STAGES,
  TRANSITIONS,
} from './assets/stages.ts';
import { ComplianceReport, EXPIRY_WINDOWS, WARRANTY_WINDOW_DAYS } from './compliance/report.ts';
import { MAINTENANCE_STATUSES, MAINTENANCE_TRANSITIONS } from './maintenance/rules.ts';
import { ACTIONS, PERMISSIONS, READ_ONLY_ROLES, ROLES, WRITE_ACTIONS } from './permissions.ts';
import { REASON_CATEGORY, REASONS } from './reasons.ts';
import { TOKEN_ROLES } from './tokens/schemas.ts';

/**
 * docs/rules.md, rendered from the domain's own tables: the lifecycle, maintenance, permissions,
 * API token roles, reasons and compliance findings. Pure text out; `pnpm docs:generate` writes
 * it and a test fails when the committed file differs.
 */

/** What each compliance finding lists; a finding missing here fails the render. */
const FINDINGS: Record<Exclude<keyof typeof ComplianceReport.shape, 'today'>, string> = {
  seats: 'Every license with its seats used, owned and free.',
  expiredStillAssigned: 'Licenses past their expiry date with seats still in use.',
  expiring: `Licenses expiring within ${Math.max(...EXPIRY_WINDOWS)} days, in the smallest window of ${EXPIRY_WINDOWS.join(', ')} days that holds them.`,
  overdueReturns: 'Open assignments whose expected return is before today.',
  deployedWithoutHolder: `Assets in ${HELD_STAGES.map((s) => `\`${s}\``).join(', ')} with nobody holding them.`,
  warrantiesEnding: `Assets (not disposed) whose warranty ends within ${WARRANTY_WINDOW_DAYS} days, today included.`,
  maintenanceOverdue: 'Scheduled maintenance whose day has passed (work in progress is never overdue).',
};

const HTTP_STATUS: Record<(typeof REASON_CATEGORY)[keyof typeof REASON_CATEGORY], number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
  unavailable: 503,
};

const code = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ') || '–';

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function lifecycle(): string {
  const edges = ASSET_STAGES.flatMap((from) => TRANSITIONS[from].map((to) => `  ${from} --> ${to}`));
  return `## The hardware lifecycle

An asset moves only along these transitions (\`TRANSITIONS\`); any other move is refused with
\`INVALID_TRANSITION\` and the allowed targets. Deploying goes through a check-out to a person
(\`CHECK_OUT_REQUIRED\` otherwise) and a held asset goes back to stock through a check-in; the
guards are in the domain package's README. Every move is an audit event with its actor and reason.

\`\`\`mermaid
stateDiagram-v2
  [*] --> ordered
  [*] --> in_stock
${edges.join('\n')}
  ${TERMINAL_STAGES.map((s) => `${s} --> [*]`).join('\n  ')}
\`\`\`

${table(
  ['stage', 'label', 'may move to'],
  ASSET_STAGES.map((s) => [`\`${s}\``, STAGE_LABELS[s], code(TRANSITIONS[s])]),
)}

- Checked out from: ${code(ASSIGNABLE_STAGES)}; held in: ${code(HOLDABLE_STAGES)}; expected to have a holder in: ${code(HELD_STAGES)}.
- Deletable (registered by mistake, never assigned) from: ${code(REMOVABLE_STAGES)}; final: ${code(TERMINAL_STAGES)}.
- At most one open assignment per asset, and never more seats in use than a license has: the
  database guarantees both (a partial unique index, a \`CHECK\` on the locked license row).
`;
}

function maintenance(): string {
  return `## Maintenance

${table(
  ['status', 'may become'],
  MAINTENANCE_STATUSES.map((s) => [`\`${s}\``, code(MAINTENANCE_TRANSITIONS[s])]),
)}

Starting work moves the asset to \`in_maintenance\` (a holder keeps it); completing returns it to
its holder (\`deployed\`) or to stock. Any other move is refused with \`INVALID_MAINTENANCE_STATE\`.
`;
}

function permissions(): string {
  return `## Permissions

Deny by default. \`all\`: any record; \`own\`: records the actor holds (or is); \`none\`: refused
(\`FORBIDDEN\`, or \`READ_ONLY\` when a read-only role asks for a change). The same matrix decides over
HTTP and over WebSocket, for people and for API tokens.

${table(
  ['action', ...ROLES],
  ACTIONS.map((a) => [`\`${a}\``, ...ROLES.map((r) => PERMISSIONS[r][a])]),
)}

- Changes (refused to read-only roles with \`READ_ONLY\`): ${code(WRITE_ACTIONS)}.
- Read-only roles: ${code(READ_ONLY_ROLES)}. API tokens carry one of ${code(TOKEN_ROLES)}; each acts as
  its own service account, the actor of everything done with it in the audit trail.
`;
}

function reasons(): string {
  return `## Reasons

Every refusal carries one of these in \`error.data.reason\`; the category decides the HTTP status.

${table(
  ['reason', 'category', 'HTTP'],
  REASONS.map((r) => [`\`${r}\``, REASON_CATEGORY[r], String(HTTP_STATUS[REASON_CATEGORY[r]])]),
)}
`;
}

function compliance(): string {
  const keys = Object.keys(ComplianceReport.shape).filter((k) => k !== 'today');
  const missing = keys.filter((k) => !(k in FINDINGS));
  if (missing.length > 0)
    throw new Error(`rules-doc: no description for compliance finding(s) ${missing.join(', ')}`);
  return `## Compliance

\`computeCompliance\` is pure: the same licenses, assets, open assignments and open maintenance on
the same day give the same report. Over-allocated seats cannot happen (the database refuses them).

${table(
  ['finding', 'lists'],
  keys.map((k) => [`\`${k}\``, FINDINGS[k as keyof typeof FINDINGS]]),
)}
`;
}

export function renderRulesDoc(): string {
  return `<!-- Generated from packages/domain by \`pnpm docs:generate\`; do not edit. A test fails when it is out of date. -->

# Lifecycle, permissions and compliance rules

The rules as the domain package (\`@itam/domain\`) states them; the API enforces exactly these.
The tables below are rendered from its source, so they cannot drift from it.

${[lifecycle(), maintenance(), permissions(), reasons(), compliance()].join('\n')}`;
}
