import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod';
import {
  ConfigurationError,
  CredentialsUnavailableError,
  UnknownLocationError,
} from './clienttether/errors';
import type { CredentialsProvider } from './clienttether/types';
import { logger } from './logger';
import type { Settings } from './settings';

/** The ClientTether credentials as kept in the secret (or the env). */
export interface StoredCredentials {
  accessToken: string;
  webKey: string;
  locationWebKeys: Record<string, string>;
}

const nonEmpty = z.string().trim().min(1);

const storedCredentialsSchema = z.object({
  accessToken: nonEmpty,
  webKey: nonEmpty,
  locationWebKeys: z.record(nonEmpty, nonEmpty).optional(),
});

/**
 * Validates the secret's JSON; throws `ConfigurationError` naming the
 * missing or invalid field, never a value.
 */
export function parseCredentials(raw: unknown): StoredCredentials {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigurationError(
      'ClientTether credentials must be a JSON object',
    );
  }

  const result = storedCredentialsSchema.safeParse(raw);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => issue.path.join('.'));
    const named = [...new Set(fields)].join(', ');

    throw new ConfigurationError(
      `ClientTether credentials are missing or invalid: ${named}`,
    );
  }

  return {
    accessToken: result.data.accessToken,
    webKey: result.data.webKey,
    locationWebKeys: result.data.locationWebKeys ?? {},
  };
}

/** Fetches in flight, so concurrent cold-start callers share one call. */
const pendingFetches = new Map<string, Promise<unknown>>();

/** How long later callers may join a fetch that is still in flight. */
const SHARED_FETCH_MS = 1000;

function forget(key: string, fetching: Promise<unknown>): void {
  if (pendingFetches.get(key) === fetching) {
    pendingFetches.delete(key);
  }
}

/**
 * Loads the credentials: from Secrets Manager (cached for
 * `secretMaxAgeSeconds`; `refresh` bypasses the cache) when a secret is
 * configured, otherwise from the environment.
 */
export async function loadCredentials(options: {
  settings: Settings;
  refresh?: boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<StoredCredentials> {
  const { settings, refresh = false } = options;

  if (settings.secretId === undefined) {
    return credentialsFromEnv(options.env ?? process.env);
  }

  const { secretId, secretMaxAgeSeconds } = settings;
  const raw = await fetchSecret(secretId, secretMaxAgeSeconds, refresh);
  try {
    return parseCredentials(raw);
  } catch (error) {
    if (refresh) {
      throw error;
    }

    // Powertools caches any JSON it fetched, valid or not: a secret an
    // operator has just fixed must not wait for that copy to expire.
    return parseCredentials(
      await fetchSecret(secretId, secretMaxAgeSeconds, true),
    );
  }
}

function fetchSecret(
  secretId: string,
  maxAge: number,
  refresh: boolean,
): Promise<unknown> {
  const key = `${refresh ? 'refresh' : 'cached'}:${secretId}`;
  const pending = pendingFetches.get(key);
  if (pending !== undefined) {
    return pending;
  }

  const fetching = getSecret(secretId, {
    transform: 'json',
    maxAge,
    forceFetch: refresh,
  })
    .catch((error: unknown) => {
      throw translateSecretError(error);
    })
    .finally(() => forget(key, fetching));
  pendingFetches.set(key, fetching);

  // A fetch that stalls must not hold every later request: after a short
  // while, the next request starts a fetch of its own.
  setTimeout(() => forget(key, fetching), SHARED_FETCH_MS).unref();

  return fetching;
}

/** Secrets Manager failures that retrying will not fix. */
const CONFIGURATION_FAILURES = new Set([
  'ResourceNotFoundException',
  'AccessDeniedException',
  'AccessDenied',
  'DecryptionFailure',
  'InvalidParameterException',
  'InvalidRequestException',
  'UnrecognizedClientException',
  'ValidationException',
]);

/**
 * Maps a Powertools/SDK failure to our errors. A JSON parse failure's
 * message can quote the secret, so it is never passed on.
 */
function translateSecretError(error: unknown): Error {
  const name = error instanceof Error ? error.name : 'UnknownError';
  const variable = 'CLIENTTETHER_SECRET_ID';

  if (name === 'TransformParameterError') {
    return new ConfigurationError(
      `The secret named by ${variable} is not JSON`,
    );
  }
  if (name === 'ParameterNotFoundError') {
    return new ConfigurationError(`The secret named by ${variable} is empty`);
  }

  const cause = error instanceof Error ? error.cause : undefined;
  const causeName = cause instanceof Error ? cause.name : name;
  if (CONFIGURATION_FAILURES.has(causeName)) {
    return new ConfigurationError(
      `The secret named by ${variable} cannot be read (${causeName})`,
      { cause },
    );
  }

  return new CredentialsUnavailableError(
    `Secrets Manager could not be reached (${causeName})`,
    { cause },
  );
}

function credentialsFromEnv(env: NodeJS.ProcessEnv): StoredCredentials {
  const accessToken = requireEnv(env, 'CLIENTTETHER_ACCESS_TOKEN');
  const webKey = requireEnv(env, 'CLIENTTETHER_WEB_KEY');
  const locationWebKeys = readLocationWebKeys(env);

  return { accessToken, webKey, locationWebKeys };
}

function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') {
    throw new ConfigurationError(
      `${name} is not set (nor is CLIENTTETHER_SECRET_ID)`,
    );
  }

  return value;
}

function readLocationWebKeys(env: NodeJS.ProcessEnv): Record<string, string> {
  const name = 'CLIENTTETHER_LOCATION_WEB_KEYS';
  const value = env[name]?.trim();
  if (value === undefined || value === '') {
    return {};
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigurationError(`${name} is not valid JSON`);
  }

  const result = z.record(nonEmpty, nonEmpty).safeParse(parsed);
  if (!result.success) {
    throw new ConfigurationError(
      `${name} must be a JSON object of location_id to web key`,
    );
  }

  return result.data;
}

/**
 * The web key for a location: its own key when `locationId` is given
 * (`UnknownLocationError` when none is configured, never a fallback to
 * another franchise's account), the default key otherwise.
 */
export function selectWebKey(
  stored: StoredCredentials,
  locationId?: string,
): string {
  if (locationId === undefined) {
    return stored.webKey;
  }

  const webKey = Object.hasOwn(stored.locationWebKeys, locationId)
    ? stored.locationWebKeys[locationId]
    : undefined;
  if (webKey === undefined) {
    throw new UnknownLocationError(locationId);
  }

  return webKey;
}

/** The credentials of one location, for `ClientTetherClient`. */
export function credentialsProviderFor(options: {
  settings: Settings;
  locationId?: string;
}): CredentialsProvider {
  const { settings, locationId } = options;

  return async ({ refresh }) => {
    const stored = await loadCredentials({ settings, refresh });

    return {
      accessToken: stored.accessToken,
      webKey: selectWebKey(stored, locationId),
    };
  };
}

/**
 * Starts fetching the secret during cold start, without waiting, so the
 * first request finds it cached or in flight. A failure is only logged:
 * the request path fetches again and reports it properly.
 */
export function prefetchCredentials(settings: Settings): void {
  if (settings.secretId === undefined) {
    return;
  }

  loadCredentials({ settings }).catch((error: unknown) => {
    logger.warn('Prefetching the ClientTether secret failed', {
      errorName: error instanceof Error ? error.name : 'UnknownError',
      errorMessage: error instanceof Error ? error.message : undefined,
    });
  });
}
