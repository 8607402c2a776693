/** Command-line flags of `pnpm bench`. */

export const SCENARIOS = ['list', 'get', 'create', 'transition', 'login'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface Options {
  assets: number;
  duration: number;
  warmup: number;
  connections: number;
  pool: number;
  rounds: number;
  ladder: boolean;
  scale: boolean;
  scaleSizes: number[];
  only: ScenarioName[];
  /** `--only import`: the CSV import benchmark (not a load scenario), with this many rows. */
  importRows: number | null;
  /** The live fan-out measurement (`fanout` in --only; on by default). */
  fanout: boolean;
  subscribers: number;
  mutations: number;
  keep: boolean;
  profile: boolean;
  help: boolean;
}

export const USAGE = `pnpm bench [-- options]

Seeds a fresh PostgreSQL database and load-tests the API against a bare-Fastify floor.

  --assets N         assets to seed (default 100000)
  --duration S       measured seconds per server and scenario (default 8)
  --warmup S         warm-up seconds before each measurement, not counted (default 2)
  --connections C    concurrent connections of the load generator (default 20)
  --pool P           database pool size of both servers (default 10, the API's default)
  --rounds R         alternate ours and the floor R times and keep each one's best run
                     (other work on a shared machine only ever slows a run down; default 1)
  --only a,b         scenarios to run: ${SCENARIOS.join(', ')}, fanout, import
                     (import: CSV import of --import-rows asset rows, dry run then apply)
  --import-rows N    rows of the import benchmark (default 100000)
  --subscribers N    fanout: WebSocket subscribers, split over two API instances (default 1000)
  --mutations N      fanout: mutations measured, one every 100 ms (default 100)
  --ladder           also measure the steps between the floor and the API (floor + Kysely,
                     + zod, the API's router through a server-side caller) for list, get,
                     create and transition: what each layer costs
  --scale            only assets.list, at 10,000, 100,000 and 1,000,000 assets (p99 flatness)
  --scale-sizes a,b  the sizes for --scale (default 10000,100000,1000000)
  --profile          write V8 CPU profiles of both servers and print where the time goes
  --keep             keep the database afterwards (its URL is printed)
  --help             this text

Database: BENCH_DATABASE_URL, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres.
A database itam_bench_<timestamp> is created on that server and dropped at the end.
Results: a table on stdout and JSON in bench/results/<timestamp>.json.`;

function positiveInt(flag: string, value: string | undefined, min = 1): number {
  const n = Number(value?.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number ≥ ${min}, got ${value}`);
  return n;
}

export function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    assets: 100_000,
    duration: 8,
    warmup: 2,
    connections: 20,
    pool: 10,
    rounds: 1,
    ladder: false,
    scale: false,
    scaleSizes: [10_000, 100_000, 1_000_000],
    only: [...SCENARIOS],
    importRows: null,
    fanout: true,
    subscribers: 1_000,
    mutations: 100,
    keep: false,
    profile: false,
    help: false,
  };
  const args = argv.filter((a) => a !== '--');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes('=') ? (arg.split('=', 2) as [string, string]) : [arg, undefined];
    const value = () => inline ?? args[++i];
    switch (flag) {
      case '--assets':
        options.assets = positiveInt(flag, value(), 100);
        break;
      case '--duration':
        options.duration = positiveInt(flag, value());
        break;
      case '--warmup':
        options.warmup = positiveInt(flag, value(), 0);
        break;
      case '--connections':
        options.connections = positiveInt(flag, value());
        break;
      case '--pool':
        options.pool = positiveInt(flag, value());
        break;
      case '--rounds':
        options.rounds = positiveInt(flag, value());
        break;
      case '--ladder':
        options.ladder = true;
        break;
      case '--scale':
        options.scale = true;
        break;
      case '--scale-sizes':
        options.scaleSizes = (value() ?? '').split(',').map((s) => positiveInt(flag, s, 100));
        break;
      case '--only': {
        const names = (value() ?? '').split(',').filter(Boolean);
        if (names.includes('import')) {
          options.importRows ??= 100_000;
          names.splice(names.indexOf('import'), 1);
        }
        options.fanout = names.includes('fanout');
        names.splice(0, names.length, ...names.filter((name) => name !== 'fanout'));
        for (const name of names) {
          if (!(SCENARIOS as readonly string[]).includes(name))
            throw new Error(
              `--only: unknown scenario "${name}"; known: ${SCENARIOS.join(', ')}, fanout, import`,
            );
        }
        options.only = names as ScenarioName[];
        break;
      }
      case '--import-rows':
        options.importRows = positiveInt(flag, value());
        break;
      case '--subscribers':
        options.subscribers = positiveInt(flag, value());
        break;
      case '--mutations':
        options.mutations = positiveInt(flag, value());
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--profile':
        options.profile = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`Unknown option ${arg}\n\n${USAGE}`);
    }
  }
  return options;
}
