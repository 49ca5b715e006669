import type { JSONValue } from '@aws-lambda-powertools/commons/types';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyItemNotFoundError,
  IdempotencyPersistenceLayerError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { RequestInProgressError } from '../http/errors';
import { logger } from '../logger';
import { tableClient } from './table';

/** How a write is made safe to repeat. */
export interface RunOnceOptions<T> {
  /** Names the kind of write; part of the record's key. */
  operation: string;
  /** Everything that makes two requests "the same"; hashed, never stored. */
  key: unknown;
  /** Where records live; unset disables idempotency (unit tests). */
  tableName: string | undefined;
  /** How long a finished request's answer is replayed. */
  windowSeconds: number;
  /** Lets an attempt cut short by a crash expire with the invocation. */
  lambdaContext: Context;
  /** The write itself; its result is what a repeat gets back. */
  work: () => Promise<T>;
}

/** Seconds a caller is told to wait while the same request is running. */
const RETRY_AFTER_SECONDS = 2;

const stores = new Map<string, DynamoDBPersistenceLayer>();

/**
 * Runs a write once per distinct request within the window: a repeat gets
 * the first answer without touching ClientTether, a concurrent repeat is
 * told to retry (429), and a failed attempt leaves no record, so its
 * retry really retries. Only the work's result is stored, and it should
 * hold no more personal data than the answer needs.
 */
export async function runOnce<T>(options: RunOnceOptions<T>): Promise<T> {
  if (!options.tableName) {
    return options.work();
  }

  let outcome: { value: T } | undefined;
  const work = async (_key: JSONValue): Promise<JSONValue> => {
    const value = await options.work();
    outcome = { value };

    return value as JSONValue;
  };

  const config = new IdempotencyConfig({
    expiresAfterSeconds: options.windowSeconds,
  });
  config.registerLambdaContext(options.lambdaContext);

  const idempotent = makeIdempotent(work, {
    persistenceStore: storeFor(options.tableName, options.operation),
    config,
    keyPrefix: options.operation,
  });

  try {
    // The key goes through JSON first so absent optional fields hash the
    // same whether they are missing or undefined.
    const key = JSON.parse(JSON.stringify(options.key)) as JSONValue;

    return (await idempotent(key)) as T;
  } catch (error) {
    return recover(error, outcome, options.work);
  }
}

/**
 * An attempt already running answers 429; so does one whose record
 * vanished between the failed conditional write and the read that
 * follows it (the attempt failed meanwhile: a retry will really retry).
 *
 * A table that cannot be reached must not lose a booking: the write goes
 * ahead unguarded (ClientTether lookups still prevent duplicates), or,
 * when the write already ran and only saving its answer failed, that
 * answer is returned.
 */
async function recover<T>(
  error: unknown,
  outcome: { value: T } | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (
    error instanceof IdempotencyAlreadyInProgressError ||
    error instanceof IdempotencyItemNotFoundError
  ) {
    throw new RequestInProgressError(RETRY_AFTER_SECONDS);
  }

  if (!(error instanceof IdempotencyPersistenceLayerError)) {
    throw error;
  }

  logger.error('Idempotency table unavailable; writing without it', {
    errorCode: 'idempotency_unavailable',
    error,
  });

  return outcome ? outcome.value : work();
}

/**
 * One store per table, operation and endpoint. Powertools writes the key
 * prefix into the store on every call, so two operations sharing a store
 * in one process (the local server runs them all) would save each other's
 * records under the wrong key.
 */
function storeFor(
  tableName: string,
  operation: string,
): DynamoDBPersistenceLayer {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '';
  const key = `${tableName}|${operation}|${endpoint}`;
  let store = stores.get(key);
  if (!store) {
    store = new DynamoDBPersistenceLayer({
      tableName,
      awsSdkV3Client: tableClient(),
    });
    stores.set(key, store);
  }

  return store;
}
