import {
  BatchProcessor,
  EventType,
  processPartialResponse,
} from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type {
  Context,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import {
  ClientNotFoundError,
  ClientTetherRejectedError,
  ConfigurationError,
  CredentialsRejectedError,
  DuplicateClientError,
  UnknownLocationError,
} from '../shared/clienttether/errors';
import { clientTetherFor } from '../shared/clienttether/for-request';
import { Deadline } from '../shared/deadline';
import { logCredentialsRejected } from '../shared/http/error-response';
import { RequestValidationError } from '../shared/http/errors';
import { withCallerLease } from '../shared/idempotency/caller-lease';
import { logger } from '../shared/logger';
import { lastFour, maskEmail } from '../shared/mask';
import { upsertClient } from '../shared/operations/upsert-client';
import { readSettings, type Settings } from '../shared/settings';
import {
  type QueuedBooking,
  queuedBookingSchema,
} from '../shared/sync/message';
import { type SyncQueue, syncQueueFor } from '../shared/sync/queue';
import { startCredentialsPrefetch } from '../shared/warm-up';

/** Longest wait between two attempts: SQS allows up to 12 hours. */
const MAX_RETRY_DELAY_SECONDS = 900;

const processor = new BatchProcessor(EventType.SQS);

/**
 * Applies one queued booking with the handler's own upsert, under the same
 * per-caller lease, so a queued write and a fresh booking of the same
 * caller cannot both create. While ClientTether stays down the message is
 * retried with growing delays; after the last attempt, or at once when
 * ClientTether rejects its content, it is parked in the dead-letter queue
 * and logged for an operator to replay.
 */
export async function applyQueuedBooking(record: SQSRecord): Promise<void> {
  logger.resetKeys();
  const settings = readSettings();
  const queue = await requireQueue(settings);
  const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
  logger.appendKeys({ messageId: record.messageId, attempt });

  const message = parseMessage(record.body);
  if (!message) {
    await queue.deadLetter(record.body);
    logger.error('Dead-lettered a message that is not a queued booking', {
      errorCode: 'booking_dead_lettered',
      reason: 'invalid_message',
    });
    return;
  }
  describe(message);

  try {
    await apply(message, settings, record.messageId);
  } catch (error) {
    if (error instanceof CredentialsRejectedError) {
      logCredentialsRejected(error);
    }

    if (isPermanent(error) || attempt >= settings.syncMaxAttempts) {
      await queue.deadLetter(message);
      logDeadLetter(error, attempt);
      return;
    }

    await retryLater(queue, record, attempt, settings, error);
    throw error;
  }
}

async function apply(
  message: QueuedBooking,
  settings: Settings,
  messageId: string,
): Promise<void> {
  const deadline = new Deadline(settings.syncDeadlineMs);
  const { booking, locationId } = message;

  const outcome = await withCallerLease(
    {
      tableName: settings.idempotencyTableName,
      locationId,
      keys: booking.clientId ? {} : booking.keys,
      owner: `sync:${messageId}`,
      deadline,
    },
    () =>
      upsertClient(clientTetherFor(settings, locationId), booking, {
        deadline,
      }),
  );

  logger.info('Applied a queued booking', {
    operation: outcome.operation,
    clientId: outcome.clientId,
    matchedBy: outcome.matchedBy,
    queuedForMs: Date.now() - Date.parse(message.queuedAt),
  });
}

async function requireQueue(settings: Settings): Promise<SyncQueue> {
  const queue = await syncQueueFor(settings);
  if (!queue) {
    throw new ConfigurationError('SYNC_QUEUE_URL is not set');
  }

  return queue;
}

function parseMessage(body: string): QueuedBooking | undefined {
  try {
    const parsed = queuedBookingSchema.safeParse(JSON.parse(body));

    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Puts what traces the booking back to its call on every log line. */
function describe(message: QueuedBooking): void {
  const { keys } = message.booking;
  logger.appendKeys({
    request_id: message.requestId,
    call_id: message.callId,
    location_id: message.locationId,
    queuedReason: message.reason,
    phoneLast4: keys.phone ? lastFour(keys.phone) : undefined,
    emailMasked: keys.email ? maskEmail(keys.email) : undefined,
  });
}

/** Failures no retry can mend: the content itself is refused. */
function isPermanent(error: unknown): boolean {
  return (
    error instanceof RequestValidationError ||
    error instanceof ClientTetherRejectedError ||
    error instanceof ClientNotFoundError ||
    error instanceof DuplicateClientError ||
    error instanceof UnknownLocationError
  );
}

async function retryLater(
  queue: SyncQueue,
  record: SQSRecord,
  attempt: number,
  settings: Settings,
  error: unknown,
): Promise<void> {
  const delaySeconds = Math.min(
    settings.syncRetryBaseSeconds * 2 ** (attempt - 1),
    MAX_RETRY_DELAY_SECONDS,
  );
  logger.warn('Queued booking not applied yet; will retry', {
    reason: errorName(error),
    delaySeconds,
    attemptsLeft: settings.syncMaxAttempts - attempt,
  });

  try {
    await queue.retryLater(record.receiptHandle, delaySeconds);
  } catch (delayError) {
    // The message still comes back after the queue's visibility timeout.
    logger.warn('Could not delay the retry', { error: delayError });
  }
}

function logDeadLetter(error: unknown, attempt: number): void {
  logger.error('Queued booking dead-lettered; an operator must replay it', {
    errorCode: 'booking_dead_lettered',
    reason: errorName(error),
    resultCode:
      error instanceof ClientTetherRejectedError ? error.resultCode : undefined,
    attempts: attempt,
  });
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

startCredentialsPrefetch();

export const handler = middy(
  async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, applyQueuedBooking, processor, {
      context,
      throwOnFullBatchFailure: false,
    }),
).use(injectLambdaContext(logger, { resetKeys: true }));
