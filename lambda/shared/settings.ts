import { ConfigurationError } from './clienttether/errors';
import type { PostEncoding } from './clienttether/types';

/** Everything a handler reads from its environment about ClientTether. */
export interface Settings {
  /** ClientTether API root, including `/v2/api`, without a trailing slash. */
  baseUrl: string;

  /** How POST and DELETE parameters travel. */
  postEncoding: PostEncoding;

  /** Budget of one request from arrival to answer. */
  deadlineMs: number;

  /** Whether the delete endpoint may delete at all. */
  deleteEnabled: boolean;

  /** Secrets Manager name or ARN; unset means credentials from the env. */
  secretId?: string;

  /** How long a fetched secret is trusted before it is fetched again. */
  secretMaxAgeSeconds: number;

  /** Longest wait for one ClientTether attempt, within the deadline. */
  requestTimeoutMs: number;

  /** DynamoDB table of idempotency records and caller leases. */
  idempotencyTableName?: string;

  /** How long a finished write's answer is replayed to a repeat. */
  idempotencyWindowSeconds: number;

  /** SQS queue of bookings waiting for ClientTether to come back. */
  syncQueueUrl?: string;

  /** Where the worker puts bookings it cannot apply. */
  syncDeadLetterUrl?: string;

  /** Attempts the worker makes before dead-lettering a booking. */
  syncMaxAttempts: number;

  /** First retry delay; each later one doubles, up to 15 minutes. */
  syncRetryBaseSeconds: number;

  /** The worker's budget for applying one booking. */
  syncDeadlineMs: number;

  /** API Gateway key id → the location that key may act for. */
  apiKeyLocations: Record<string, string>;
}

const DEFAULT_BASE_URL = 'https://api.clienttether.com/v2/api';

/**
 * Reads and validates the settings; throws `ConfigurationError` naming the
 * first invalid variable. Values are never echoed: some sit next to secrets.
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    baseUrl: readBaseUrl(env),
    postEncoding: readPostEncoding(env),
    deadlineMs: readInteger(env, 'HANDLER_DEADLINE_MS', 5000, 1),
    deleteEnabled: readBoolean(env, 'DELETE_CLIENT_ENABLED', false),
    secretId: readOptional(env, 'CLIENTTETHER_SECRET_ID'),
    secretMaxAgeSeconds: readInteger(
      env,
      'CLIENTTETHER_SECRET_MAX_AGE_SECONDS',
      300,
      0,
    ),
    requestTimeoutMs: readInteger(
      env,
      'CLIENTTETHER_REQUEST_TIMEOUT_MS',
      3000,
      1,
    ),
    idempotencyTableName: readOptional(env, 'IDEMPOTENCY_TABLE_NAME'),
    idempotencyWindowSeconds: readInteger(
      env,
      'IDEMPOTENCY_WINDOW_SECONDS',
      3600,
      1,
    ),
    syncQueueUrl: readOptional(env, 'SYNC_QUEUE_URL'),
    syncDeadLetterUrl: readOptional(env, 'SYNC_DLQ_URL'),
    syncMaxAttempts: readInteger(env, 'SYNC_MAX_ATTEMPTS', 8, 1),
    syncRetryBaseSeconds: readInteger(env, 'SYNC_RETRY_BASE_SECONDS', 30, 0),
    syncDeadlineMs: readInteger(env, 'SYNC_DEADLINE_MS', 20000, 1),
    apiKeyLocations: readKeyLocations(env),
  };
}

/** The key-id → location map; each value must be a non-empty string. */
function readKeyLocations(env: NodeJS.ProcessEnv): Record<string, string> {
  const value = readOptional(env, 'API_KEY_LOCATIONS');
  if (value === undefined) {
    return {};
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigurationError('API_KEY_LOCATIONS must be a JSON object');
  }

  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every(
      (location) => typeof location === 'string' && location !== '',
    );
  if (!valid) {
    throw new ConfigurationError(
      'API_KEY_LOCATIONS must map API key ids to location ids',
    );
  }

  return parsed as Record<string, string>;
}

/** A variable's trimmed value; empty counts as unset. */
function readOptional(env: NodeJS.ProcessEnv, name: string) {
  const value = env[name]?.trim();

  return value === undefined || value === '' ? undefined : value;
}

function readBaseUrl(env: NodeJS.ProcessEnv): string {
  const name = 'CLIENTTETHER_BASE_URL';
  const value = readOptional(env, name) ?? DEFAULT_BASE_URL;

  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${name} is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`${name} must be an http(s) URL`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigurationError(`${name} must not have a query or fragment`);
  }

  return value.replace(/\/+$/, '');
}

function readPostEncoding(env: NodeJS.ProcessEnv): PostEncoding {
  const name = 'CLIENTTETHER_POST_ENCODING';
  const value = readOptional(env, name)?.toLowerCase() ?? 'query';

  if (value !== 'query' && value !== 'json') {
    throw new ConfigurationError(`${name} must be 'query' or 'json'`);
  }

  return value;
}

function readInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  minimum: number,
): number {
  const value = readOptional(env, name);
  if (value === undefined) {
    return fallback;
  }

  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) {
    throw new ConfigurationError(`${name} must be a whole number`);
  }
  if (parsed < minimum) {
    throw new ConfigurationError(`${name} must be at least ${minimum}`);
  }

  return parsed;
}

function readBoolean(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: boolean,
): boolean {
  const value = readOptional(env, name)?.toLowerCase();
  if (value === undefined) {
    return fallback;
  }
  if (value !== 'true' && value !== 'false') {
    throw new ConfigurationError(`${name} must be 'true' or 'false'`);
  }

  return value === 'true';
}
