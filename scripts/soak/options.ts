/** Settings of one soak run. */
export interface SoakOptions {
  /** Requests to send in all (429 retries not counted). @default 5000 */
  requests: number;
  /** Requests in flight at once. @default 50 */
  concurrency: number;
  /** Share of ClientTether calls that fail on purpose. @default 0.05 */
  faultRate: number;
  /** Delay added to every ClientTether call, in ms. @default 25 */
  latencyMs: number;
  /** Share of ClientTether calls made slow (200–800 ms). @default 0.01 */
  slowRate: number;
  /** Share of injected faults that hang until the deadline. @default 0 */
  hangShare: number;
  /** Seed of the workload and the fault mix. @default 1 */
  seed: number;
  /** Longest time spent sending, in seconds. @default 300 */
  maxSeconds: number;
  /** Longest wait for the sync queue to drain, in seconds. @default 60 */
  drainSeconds: number;
  /** Retries of a 429 after its Retry-After, as Bland can. @default 3 */
  retries429: number;
  /** Where the JSON report goes (CLI only). */
  out: string;
  /** Level of the handlers' logs, which are captured, not printed. */
  logLevel: string;
  /** Prints a progress line every few seconds (to stderr). */
  progress: boolean;
}

/** The defaults of `npm run soak`. */
export const DEFAULT_SOAK_OPTIONS: Readonly<SoakOptions> = {
  requests: 5000,
  concurrency: 50,
  faultRate: 0.05,
  latencyMs: 25,
  slowRate: 0.01,
  hangShare: 0,
  seed: 1,
  maxSeconds: 300,
  drainSeconds: 60,
  retries429: 3,
  out: '.build/soak-results.json',
  logLevel: 'WARN',
  progress: false,
};

type NumericOption = {
  [K in keyof SoakOptions]: SoakOptions[K] extends number ? K : never;
}[keyof SoakOptions];

/** Flag name → option, and the env variable that can set it too. */
const NUMERIC_FLAGS: Record<string, { key: NumericOption; env: string }> = {
  requests: { key: 'requests', env: 'SOAK_REQUESTS' },
  concurrency: { key: 'concurrency', env: 'SOAK_CONCURRENCY' },
  'fault-rate': { key: 'faultRate', env: 'SOAK_FAULT_RATE' },
  'latency-ms': { key: 'latencyMs', env: 'SOAK_LATENCY_MS' },
  'slow-rate': { key: 'slowRate', env: 'SOAK_SLOW_RATE' },
  'hang-share': { key: 'hangShare', env: 'SOAK_HANG_SHARE' },
  seed: { key: 'seed', env: 'SOAK_SEED' },
  'max-seconds': { key: 'maxSeconds', env: 'SOAK_MAX_SECONDS' },
  'drain-seconds': { key: 'drainSeconds', env: 'SOAK_DRAIN_SECONDS' },
  'retries-429': { key: 'retries429', env: 'SOAK_RETRIES_429' },
};

const LIMITS: Record<NumericOption, { min: number; max: number }> = {
  requests: { min: 1, max: 1_000_000 },
  concurrency: { min: 1, max: 1000 },
  faultRate: { min: 0, max: 1 },
  latencyMs: { min: 0, max: 10_000 },
  slowRate: { min: 0, max: 1 },
  hangShare: { min: 0, max: 1 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  maxSeconds: { min: 1, max: 86_400 },
  drainSeconds: { min: 0, max: 3600 },
  retries429: { min: 0, max: 10 },
};

/** The help text of `npm run soak -- --help`. */
export const USAGE = `Usage: npm run soak -- [options]

  --requests N        requests to send (default 5000; env SOAK_REQUESTS)
  --concurrency C     requests in flight (default 50; SOAK_CONCURRENCY)
  --fault-rate R      share of ClientTether calls that fail (default 0.05)
  --latency-ms MS     delay on every ClientTether call (default 25)
  --slow-rate R       share of calls made 200-800 ms slow (default 0.01)
  --hang-share R      share of faults that hang (default 0)
  --seed S            seed of workload and faults (default 1)
  --max-seconds S     stop sending after S seconds (default 300)
  --drain-seconds S   wait for the sync queue (default 60)
  --retries-429 N     retries of a 429 after Retry-After (default 3)
  --out FILE          JSON report (default .build/soak-results.json)
  --log-level LEVEL   handler log level, captured (default WARN)
  --progress          print progress to stderr
`;

/**
 * Reads the options from flags (`--requests 300` or `--requests=300`) and
 * SOAK_* variables; flags win. Throws on an unknown flag or a bad value.
 */
export function parseSoakArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
): SoakOptions {
  const options: SoakOptions = { ...DEFAULT_SOAK_OPTIONS };

  for (const [flag, { key, env: name }] of Object.entries(NUMERIC_FLAGS)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') {
      options[key] = parseNumber(flag, value, key);
    }
  }
  options.out = env.SOAK_OUT?.trim() || options.out;

  const args = splitArgs(argv);
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    const name = flagName(arg);
    const next = () => {
      index += 1;
      const value = args[index];
      if (value === undefined) {
        throw new Error(`--${name} needs a value`);
      }

      return value;
    };

    if (name === 'progress') {
      options.progress = true;
    } else if (name === 'out') {
      options.out = next();
    } else if (name === 'log-level') {
      options.logLevel = next().toUpperCase();
    } else {
      const numeric = NUMERIC_FLAGS[name];
      if (!numeric) {
        throw new Error(`Unknown option ${arg}`);
      }
      options[numeric.key] = parseNumber(name, next(), numeric.key);
    }
  }

  return options;
}

/** Splits `--flag=value` into two arguments. */
function splitArgs(argv: readonly string[]): string[] {
  return argv.flatMap((arg) => {
    const equals = arg.indexOf('=');

    return arg.startsWith('--') && equals > 0
      ? [arg.slice(0, equals), arg.slice(equals + 1)]
      : [arg];
  });
}

function flagName(arg: string): string {
  if (!arg.startsWith('--')) {
    throw new Error(`Unexpected argument ${arg}`);
  }

  return arg.slice(2);
}

function parseNumber(flag: string, text: string, key: NumericOption): number {
  const value = Number(text);
  const { min, max } = LIMITS[key];
  const whole =
    key !== 'faultRate' && key !== 'slowRate' && key !== 'hangShare';

  if (
    text.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (whole && !Number.isInteger(value))
  ) {
    throw new Error(
      `--${flag} must be ${whole ? 'a whole number' : 'a number'} ` +
        `from ${min} to ${max}`,
    );
  }

  return value;
}
