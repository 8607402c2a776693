import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ComplianceExport, type Io, main } from './compliance-summary.ts';

const SCRIPT = fileURLToPath(new URL('./compliance-summary.ts', import.meta.url));
const SAMPLE = fileURLToPath(new URL('./sample-export.json', import.meta.url));
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');

function run(argv: string[], extra: Partial<Io> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), ...extra });
  return { code, out, err: err.join('\n') };
}

const tmp = mkdtempSync(join(tmpdir(), 'itam-compliance-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the sample export', () => {
  it('matches the export schema', () => {
    expect(ComplianceExport.safeParse(JSON.parse(readFileSync(SAMPLE, 'utf8'))).success).toBe(true);
  });
});

describe('compliance-summary on the sample, on 2026-11-25', () => {
  const { code, out, err } = run(['--today', '2026-11-25']);

  it('succeeds and writes nothing to stderr', () => {
    expect(code).toBe(0);
    expect(err).toBe('');
  });

  it('prints the day and the seat totals', () => {
    expect(out[0]).toBe('Compliance on 2026-11-25');
    expect(out).toContain('Seats: 86 of 121 in use across 7 licenses');
    expect(out).toContain('  Adobe Acrobat Pro       10 of 10 used, 0 free');
  });

  it('prints one line per finding under its heading', () => {
    const after = (heading: string) =>
      out.slice(out.indexOf(heading) + 1, out.indexOf('', out.indexOf(heading)));
    expect(after('Expired licenses still assigned: 1')).toEqual([
      '  Sketch: expired 2026-10-31, 2 seats still assigned',
    ]);
    expect(after('Licenses expiring soon: 3')).toEqual([
      '  Adobe Acrobat Pro: expires 2026-11-26, 1 day left (within 1 day)',
      '  Figma Professional: expires 2026-11-30, 5 days left (within 7 days)',
      '  JetBrains All Products: expires 2026-12-20, 25 days left (within 30 days)',
    ]);
    expect(after('Overdue returns: 1')).toEqual(['  LT-0001 held by dana: due 2026-11-20, 5 days overdue']);
    expect(after('Deployed without a holder: 1')).toEqual(['  LT-0002 MacBook Air']);
    expect(after('Warranties ending within 30 days: 2')).toEqual([
      '  LT-0003: ends 2026-12-10, 15 days left',
      '  MN-0001: ends 2026-12-24, 29 days left',
    ]);
    expect(after('Maintenance overdue: 1')).toEqual(['  PR-0001: scheduled for 2026-11-18, 7 days overdue']);
  });

  it('ends with the number of findings', () => {
    expect(out.at(-1)).toBe('9 findings.');
  });

  it('leaves out what is not a finding: the unused expired license, the disposed monitor', () => {
    const text = out.join('\n');
    expect(text).not.toMatch(/Zoom Pro: expire/);
    expect(text).not.toContain('MN-0002');
  });
});

describe('compliance-summary arguments', () => {
  it('skips the literal -- that `pnpm run example -- …` passes on', () => {
    expect(run(['--', '--today', '2026-11-25']).out).toEqual(run(['--today', '2026-11-25']).out);
  });

  it('uses the current UTC date without --today', () => {
    const { code, out } = run([], { now: () => new Date('2027-01-01T00:30:00+02:00') });
    expect(code).toBe(0);
    expect(out[0]).toBe('Compliance on 2026-12-31');
  });

  it('says none under an empty heading, and counts a single finding in the singular', () => {
    const { out } = run(['--today', '2026-06-01']);
    expect(out).toContain('Overdue returns: none');
    expect(out).toContain('Maintenance overdue: none');
    expect(out).toContain('Deployed without a holder: 1');
    expect(out.at(-1)).toBe('1 finding.');
  });

  it('says so when there is no finding at all', () => {
    const file = join(tmp, 'empty.json');
    writeFileSync(file, JSON.stringify({ licenses: [], assets: [], assignments: [], maintenance: [] }));
    const { code, out } = run([file, '--today', '2026-11-25']);
    expect(code).toBe(0);
    expect(out).toContain('Seats: 0 of 0 in use across 0 licenses');
    expect(out.at(-1)).toBe('No findings.');
  });

  it('reads a relative path from the given directory', () => {
    const { code, out } = run(['sample-export.json', '--today', '2026-11-25'], { cwd: join(SAMPLE, '..') });
    expect(code).toBe(0);
    expect(out.at(-1)).toBe('9 findings.');
  });

  it.each([
    [['--today', '25/11/2026'], '--today must be a date as YYYY-MM-DD'],
    [['--today', '2026-02-30'], '--today must be a date as YYYY-MM-DD'],
    [['--verbose'], "Unknown option '--verbose'"],
    [['a.json', 'b.json'], 'Expected at most one export file, got 2.'],
  ])('refuses %j with exit code 2', (argv, message) => {
    const { code, out, err } = run(argv);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toContain(message);
  });

  it('prints its usage with --help', () => {
    expect(run(['--help'])).toEqual({
      code: 0,
      out: ['Usage: compliance-summary [export.json] [--today YYYY-MM-DD]'],
      err: '',
    });
  });
});

describe('compliance-summary on a bad export', () => {
  it('fails with exit code 1 when the file is missing or not JSON', () => {
    const missing = run([join(tmp, 'missing.json')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Cannot read');
    const notJson = join(tmp, 'not.json');
    writeFileSync(notJson, 'licenses: []');
    expect(run([notJson]).code).toBe(1);
  });

  it('names every invalid field by its path', () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        licenses: [{ id: 'l', name: 'L', seats: 1.5, used: 0, expiryDate: '2026-13-01' }],
        assets: [{ id: 'a', tag: 'T', name: 'N', stage: 'broken', holderId: null, warrantyEnd: null }],
        assignments: [],
      }),
    );
    const { code, out, err } = run([file, '--today', '2026-11-25']);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toContain(`${file} is not a valid export:`);
    for (const path of ['licenses.0.seats', 'licenses.0.expiryDate', 'assets.0.stage', 'maintenance']) {
      expect(err).toContain(`  ${path}: `);
    }
  });

  it('accepts missing optional dates and holders as none, and ignores columns it does not use', () => {
    const file = join(tmp, 'sparse.json');
    writeFileSync(
      file,
      JSON.stringify({
        licenses: [{ id: 'l', name: 'L', seats: 1, used: 1, vendor: 'V' }],
        assets: [{ id: 'a', tag: 'T-1', name: 'N', stage: 'deployed', serialNumber: 'SN' }],
        assignments: [],
        maintenance: [],
      }),
    );
    const { code, out } = run([file, '--today', '2026-11-25']);
    expect(code).toBe(0);
    expect(out).toContain('Deployed without a holder: 1');
    expect(out).toContain('  T-1 N');
  });

  it('refuses an unknown top-level key', () => {
    const file = join(tmp, 'extra.json');
    writeFileSync(
      file,
      JSON.stringify({ licenses: [], assets: [], assignments: [], maintenance: [], users: [] }),
    );
    const { code, err } = run([file]);
    expect(code).toBe(1);
    expect(err).toContain('(top level): Unrecognized key: "users"');
  });
});

describe('compliance-summary as a script', () => {
  // The same run as a reader would start it, through tsx in a child process.
  it('prints the summary and exits with 0', () => {
    const stdout = execFileSync(process.execPath, [TSX_CLI, SCRIPT, '--today', '2026-11-25'], {
      encoding: 'utf8',
    });
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Compliance on 2026-11-25');
    expect(lines).toContain('  LT-0001 held by dana: due 2026-11-20, 5 days overdue');
    expect(lines.at(-1)).toBe('9 findings.');
  }, 30_000);

  it('exits with 2 on a bad date, saying why on stderr', () => {
    const child = spawnSync(process.execPath, [TSX_CLI, SCRIPT, '--today', 'tomorrow'], { encoding: 'utf8' });
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('');
    expect(child.stderr).toContain('--today must be a date as YYYY-MM-DD, got "tomorrow".');
  }, 30_000);
});
