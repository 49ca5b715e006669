import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** Powertools log levels the handlers understand. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** The ClientTether credentials secret: made by the stack or an existing one. */
export type SecretConfig =
  | { readonly create: true }
  | {
      /** Secret name, or its complete ARN (with the six-character suffix). */
      readonly existing: string;
    };

/** Settings of the write-behind queue and its worker. */
export interface SyncConfig {
  /** Deliveries of one queued write before it goes to the dead-letter queue. */
  readonly maxAttempts: number;

  /** Messages the worker receives per invocation. */
  readonly batchSize: number;

  /** Budget of applying one queued write (SYNC_DEADLINE_MS). */
  readonly deadlineMs: number;

  /** First retry delay; each further one doubles (SYNC_RETRY_BASE_SECONDS). */
  readonly retryBaseSeconds: number;

  /** Age of the oldest queued write that raises an alarm. */
  readonly oldestMessageAlarmSeconds: number;
}

/** Everything that differs between two deployments of the service. */
export interface EnvironmentConfig {
  /** POWERTOOLS_LOG_LEVEL of every function. */
  readonly logLevel: LogLevel;

  /** Retention of function logs and API access logs. */
  readonly logRetention: RetentionDays;

  /** Steady-state and burst requests per second, per API key. */
  readonly throttle: {
    readonly rateLimit: number;
    readonly burstLimit: number;
  };

  /** Requests per API key and day. */
  readonly quotaPerDay: number;

  /** Address that receives alarm e-mails; no subscription when unset. */
  readonly alarmEmail?: string;

  /** Whether the delete routes and the delete function are deployed. */
  readonly deleteEnabled: boolean;

  /** Where ClientTether lives and how POST parameters travel. */
  readonly clienttether: {
    readonly baseUrl: string;
    readonly postEncoding: 'query' | 'json';
  };

  /** Budget of one request from arrival to answer (HANDLER_DEADLINE_MS). */
  readonly handlerDeadlineMs: number;

  /** API p99 latency above which an alarm fires, in milliseconds. */
  readonly latencyBudgetMs: number;

  /** The ClientTether credentials secret. */
  readonly secret: SecretConfig;

  /** Caller source ranges (CIDR); when set, every other source is refused. */
  readonly allowedSourceIps?: readonly string[];

  /** How long a write's answer is replayed to an identical request. */
  readonly idempotencyWindowSeconds: number;

  /** The write-behind queue of create-update-client. */
  readonly sync: SyncConfig;

  /** Franchise locations; each gets its own API key bound to it. */
  readonly locations: readonly string[];

  /** Whether an operator key that may name any location is created. */
  readonly operatorKey: boolean;

  /** Keep data (secret, tables, queues, logs) when the stack is deleted. */
  readonly retainData: boolean;
}

const productionClientTether = {
  baseUrl: 'https://api.clienttether.com/v2/api',
  postEncoding: 'query',
} as const;

const defaultSync: SyncConfig = {
  maxAttempts: 8,
  batchSize: 5,
  deadlineMs: 20000,
  retryBaseSeconds: 30,
  oldestMessageAlarmSeconds: 1800,
};

/** The configuration of every known environment, by name. */
export const environments = {
  dev: {
    logLevel: 'DEBUG',
    logRetention: RetentionDays.ONE_WEEK,
    throttle: { rateLimit: 5, burstLimit: 10 },
    quotaPerDay: 2000,
    deleteEnabled: true,
    clienttether: productionClientTether,
    handlerDeadlineMs: 5000,
    latencyBudgetMs: 3000,
    secret: { create: true },
    idempotencyWindowSeconds: 3600,
    sync: { ...defaultSync, maxAttempts: 4 },
    locations: ['dev-location-1', 'dev-location-2'],
    operatorKey: true,
    retainData: false,
  },
  staging: {
    logLevel: 'INFO',
    logRetention: RetentionDays.ONE_MONTH,
    throttle: { rateLimit: 10, burstLimit: 20 },
    quotaPerDay: 5000,
    deleteEnabled: true,
    clienttether: productionClientTether,
    handlerDeadlineMs: 5000,
    latencyBudgetMs: 3000,
    secret: { create: true },
    idempotencyWindowSeconds: 3600,
    sync: defaultSync,
    locations: ['staging-location-1'],
    operatorKey: true,
    retainData: false,
  },
  prod: {
    logLevel: 'INFO',
    logRetention: RetentionDays.THREE_MONTHS,
    throttle: { rateLimit: 25, burstLimit: 50 },
    quotaPerDay: 20000,
    deleteEnabled: false,
    clienttether: productionClientTether,
    handlerDeadlineMs: 5000,
    latencyBudgetMs: 3000,
    secret: { create: true },
    idempotencyWindowSeconds: 3600,
    sync: defaultSync,
    locations: [],
    operatorKey: true,
    retainData: true,
  },
} satisfies Record<string, EnvironmentConfig>;

/** Name of a known environment. */
export type EnvironmentName = keyof typeof environments;

/** The environment used when none is named. */
export const DEFAULT_ENVIRONMENT: EnvironmentName = 'dev';

/**
 * The configuration of `name`; throws naming the known environments when
 * `name` is not one of them or its configuration cannot be deployed.
 */
export function loadConfig(name: string): EnvironmentConfig {
  if (!Object.hasOwn(environments, name)) {
    const known = Object.keys(environments).join(', ');

    throw new Error(`Unknown environment "${name}"; known: ${known}`);
  }

  const config: EnvironmentConfig = environments[name as EnvironmentName];
  assertDeployable(name, config);

  return config;
}

/** Rejects settings that would synthesise a stack nobody can use. */
function assertDeployable(name: string, config: EnvironmentConfig): void {
  if (config.locations.length === 0 && !config.operatorKey) {
    throw new Error(
      `Environment "${name}" has no location and no operator key`,
    );
  }

  if (new Set(config.locations).size !== config.locations.length) {
    throw new Error(`Environment "${name}" lists a location twice`);
  }

  if (config.allowedSourceIps?.length === 0) {
    throw new Error(
      `Environment "${name}" has an empty allowedSourceIps; omit it instead`,
    );
  }

  if (config.sync.maxAttempts < 1 || config.sync.batchSize < 1) {
    throw new Error(`Environment "${name}" needs sync attempts and batch ≥ 1`);
  }
}
