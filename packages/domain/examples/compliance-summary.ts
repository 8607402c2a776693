// Prints the compliance findings for a JSON export of licenses, assets, open assignments and open
// maintenance, using only @itam/domain: no server and no database.
//
//   pnpm --filter @itam/domain example [export.json] [--today YYYY-MM-DD]
//
// The export defaults to examples/sample-export.json; a relative path is read from the directory
// pnpm was started in. `today` defaults to the current UTC date. Exit code: 0 when the report was
// printed (findings or not), 1 when the export cannot be read or is not valid, 2 for bad arguments.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  AssetStageSchema,
  type ComplianceInput,
  type ComplianceReport,
  computeCompliance,
  IsoDate,
  todayUtc,
} from '@itam/domain';
import { z } from 'zod';

const DEFAULT_EXPORT = fileURLToPath(new URL('./sample-export.json', import.meta.url));

const Text = z.string().trim().min(1);
/** A date that may be missing or null in the export; both mean "none". */
const OptionalDate = IsoDate.nullish().transform((d) => d ?? null);

/** The export: ComplianceInput without `today`. Fields the report does not use are ignored. */
export const ComplianceExport = z.strictObject({
  licenses: z.array(
    z.object({
      id: Text,
      name: Text,
      seats: z.number().int().min(0),
      used: z.number().int().min(0),
      expiryDate: OptionalDate,
    }),
  ),
  assets: z.array(
    z.object({
      id: Text,
      tag: Text,
      name: Text,
      stage: AssetStageSchema,
      holderId: Text.nullish().transform((h) => h ?? null),
      warrantyEnd: OptionalDate,
    }),
  ),
  assignments: z.array(
    z.object({
      id: Text,
      assetId: Text,
      assetTag: Text,
      userId: Text,
      username: Text,
      expectedReturn: OptionalDate,
    }),
  ),
  maintenance: z.array(
    z.object({
      id: Text,
      assetId: Text,
      assetTag: Text,
      scheduledFor: IsoDate,
      status: z.enum(['scheduled', 'in_progress']),
    }),
  ),
});
export type ComplianceExport = z.infer<typeof ComplianceExport>;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The clock, only read when no --today is given. */
  now?: () => Date;
  /** Where relative paths start from. */
  cwd?: string;
}

const USAGE = 'Usage: compliance-summary [export.json] [--today YYYY-MM-DD]';

/** Runs the example and returns its exit code. */
export function main(argv: readonly string[], io: Io): number {
  // `pnpm run example -- --today …` hands the script a literal `--` first; skip it.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(args);
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(USAGE);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    io.err(`Expected at most one export file, got ${parsed.positionals.length}.\n${USAGE}`);
    return 2;
  }
  const today = parsed.values.today ?? todayUtc(io.now?.() ?? new Date());
  if (!IsoDate.safeParse(today).success) {
    io.err(`--today must be a date as YYYY-MM-DD, got ${JSON.stringify(today)}.`);
    return 2;
  }

  const file = parsed.positionals[0];
  const path = file === undefined ? DEFAULT_EXPORT : resolve(io.cwd ?? process.cwd(), file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    io.err(`Cannot read ${path}: ${(error as Error).message}`);
    return 1;
  }
  const data = ComplianceExport.safeParse(raw);
  if (!data.success) {
    io.err(`${path} is not a valid export:`);
    for (const issue of data.error.issues)
      io.err(`  ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    return 1;
  }

  const input: ComplianceInput = { today, ...data.data };
  for (const line of summarize(computeCompliance(input))) io.out(line);
  return 0;
}

function parseCli(args: string[]) {
  return parseArgs({
    args,
    options: { today: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
}

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** The report as lines a person can read: one heading per finding, one line per item. */
export function summarize(report: ComplianceReport): string[] {
  const owned = report.seats.reduce((sum, s) => sum + s.owned, 0);
  const used = report.seats.reduce((sum, s) => sum + s.used, 0);
  const nameWidth = Math.max(0, ...report.seats.map((s) => s.name.length));
  const lines = [
    `Compliance on ${report.today}`,
    '',
    `Seats: ${used} of ${owned} in use across ${report.seats.length} licenses`,
    ...report.seats.map((s) => `  ${s.name.padEnd(nameWidth)}  ${s.used} of ${s.owned} used, ${s.free} free`),
  ];

  const section = <T>(title: string, items: readonly T[], line: (item: T) => string) => {
    lines.push('', `${title}: ${items.length === 0 ? 'none' : items.length}`);
    for (const item of items) lines.push(`  ${line(item)}`);
  };
  section(
    'Expired licenses still assigned',
    report.expiredStillAssigned,
    (l) => `${l.name}: expired ${l.expiryDate}, ${l.used} ${l.used === 1 ? 'seat' : 'seats'} still assigned`,
  );
  section(
    'Licenses expiring soon',
    report.expiring,
    (l) => `${l.name}: expires ${l.expiryDate}, ${days(l.daysLeft)} left (within ${days(l.window)})`,
  );
  section(
    'Overdue returns',
    report.overdueReturns,
    (a) => `${a.assetTag} held by ${a.username}: due ${a.expectedReturn}, ${days(a.daysOverdue)} overdue`,
  );
  section('Deployed without a holder', report.deployedWithoutHolder, (a) => `${a.tag} ${a.name}`);
  section(
    'Warranties ending within 30 days',
    report.warrantiesEnding,
    (a) => `${a.tag}: ends ${a.warrantyEnd}, ${days(a.daysLeft)} left`,
  );
  section(
    'Maintenance overdue',
    report.maintenanceOverdue,
    (m) => `${m.assetTag}: scheduled for ${m.scheduledFor}, ${days(m.daysOverdue)} overdue`,
  );

  const findings =
    report.expiredStillAssigned.length +
    report.expiring.length +
    report.overdueReturns.length +
    report.deployedWithoutHolder.length +
    report.warrantiesEnding.length +
    report.maintenanceOverdue.length;
  lines.push('', findings === 0 ? 'No findings.' : `${findings} ${findings === 1 ? 'finding' : 'findings'}.`);
  return lines;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    // `pnpm example` runs in the package directory and keeps the caller's directory in INIT_CWD.
    cwd: (process.env.npm_lifecycle_event === 'example' && process.env.INIT_CWD) || process.cwd(),
  });
}
