import {
  type CreateUpdateClientRequest,
  createUpdateClientRequestSchema,
} from '../shared/api/requests';
import {
  ClientTetherTimeoutError,
  ClientTetherUnavailableError,
  CredentialsRejectedError,
  CredentialsUnavailableError,
} from '../shared/clienttether/errors';
import {
  createApiHandler,
  type OperationResult,
  type RequestContext,
} from '../shared/http/api-handler';
import { logCredentialsRejected } from '../shared/http/error-response';
import { withCallerLease } from '../shared/idempotency/caller-lease';
import { runOnce } from '../shared/idempotency/run-once';
import { logger } from '../shared/logger';
import {
  type Booking,
  type PreparedBooking,
  prepareBooking,
  QUERY_NOTE_BUDGET_BYTES,
} from '../shared/operations/booking';
import {
  type UpsertOutcome,
  upsertClient,
} from '../shared/operations/upsert-client';
import { hasSyncQueue, syncQueueFor } from '../shared/sync/queue';
import { startCredentialsPrefetch } from '../shared/warm-up';

/**
 * Records a booked appointment in ClientTether: updates the caller's
 * client when there is one, creates it otherwise, never both.
 */
export async function createUpdateClient(
  input: CreateUpdateClientRequest,
  context: RequestContext,
): Promise<OperationResult> {
  const prepared = prepareBooking(input, {
    noteBudgetBytes:
      context.settings.postEncoding === 'query'
        ? QUERY_NOTE_BUDGET_BYTES
        : undefined,
  });
  if (prepared.warnings.length > 0) {
    logger.info('Optional fields left out', {
      leftOut: prepared.warnings.map((warning) => warning.field),
    });
  }

  const outcome = await saveBooking(prepared, context);
  if (outcome.operation !== 'queued') {
    logger.appendKeys({ matchedBy: outcome.matchedBy });
  }

  return savedAnswer(prepared, outcome);
}

/**
 * Applies a booking once: a repeat of the same request within the window
 * replays the first outcome, and the caller lease keeps a different
 * booking of the same new caller from creating a second client.
 */
function saveBooking(
  prepared: PreparedBooking,
  context: RequestContext,
): Promise<SaveOutcome> {
  const { settings, locationId, deadline } = context;
  const { booking } = prepared;

  return runOnce({
    operation: 'create-update-client',
    key: { locationId: locationId ?? null, booking },
    tableName: settings.idempotencyTableName,
    windowSeconds: settings.idempotencyWindowSeconds,
    lambdaContext: context.lambdaContext,
    work: () =>
      withCallerLease(
        {
          tableName: settings.idempotencyTableName,
          locationId,
          keys: booking.clientId ? {} : booking.keys,
          owner: context.requestId,
          deadline,
        },
        () => applyOrQueue(prepared, context),
      ),
  });
}

/** Time kept back from ClientTether to store a booking in the queue. */
const QUEUE_RESERVE_MS = 750;

/** What saving a booking did: written, or queued for later. */
type SaveOutcome = UpsertOutcome | { operation: 'queued'; reason: string };

/**
 * Writes the booking, or, when ClientTether is down, slow or refusing our
 * credentials, stores it for the worker and says so: the appointment is
 * already booked, and the CRM record must not be lost with the call.
 * Invalid input and content ClientTether rejects are answered as such.
 */
async function applyOrQueue(
  { booking, warnings }: PreparedBooking,
  context: RequestContext,
): Promise<SaveOutcome> {
  const queueing = hasSyncQueue(context.settings);
  const deadline = queueing
    ? context.deadline.shortenedBy(QUEUE_RESERVE_MS)
    : context.deadline;

  try {
    return await upsertClient(context.clienttether, booking, { deadline });
  } catch (error) {
    if (!queueing || !isOutage(error)) {
      throw error;
    }

    if (error instanceof CredentialsRejectedError) {
      logCredentialsRejected(error);
    }

    const reason = error.name;
    await queueBooking({ booking, warnings, reason, context }, error);

    return { operation: 'queued', reason };
  }
}

function isOutage(error: unknown): error is Error {
  return (
    error instanceof ClientTetherUnavailableError ||
    error instanceof ClientTetherTimeoutError ||
    error instanceof CredentialsRejectedError ||
    error instanceof CredentialsUnavailableError
  );
}

async function queueBooking(
  entry: {
    booking: Booking;
    warnings: PreparedBooking['warnings'];
    reason: string;
    context: RequestContext;
  },
  outage: Error,
): Promise<void> {
  const { context } = entry;
  const queue = await syncQueueFor(context.settings);

  try {
    await queue?.send({
      version: 1,
      requestId: context.requestId,
      callId: context.callId,
      locationId: context.locationId,
      queuedAt: new Date().toISOString(),
      reason: entry.reason,
      booking: entry.booking,
      warnings: entry.warnings,
    });
  } catch (error) {
    // Nowhere to keep the booking: answer with the outage itself, so the
    // agent (and Bland's retry) know it was not saved.
    logger.error('Could not queue the booking', {
      errorCode: 'queue_unavailable',
      error,
    });
    throw outage;
  }

  logger.warn('ClientTether unavailable; booking queued', {
    errorCode: 'booking_queued',
    reason: entry.reason,
  });
}

function savedAnswer(
  { booking, warnings }: PreparedBooking,
  outcome: SaveOutcome,
): OperationResult {
  const name = [booking.firstName, booking.lastName].filter(Boolean).join(' ');
  const queued = outcome.operation === 'queued';

  return {
    statusCode: queued ? 202 : 200,
    outcome: outcome.operation,
    body: {
      message: MESSAGES[outcome.operation],
      operation: outcome.operation,
      client_id: queued ? null : outcome.clientId,
      external_id: queued ? (booking.externalId ?? null) : outcome.externalId,
      matched_by: queued ? null : outcome.matchedBy,
      customer_name: name || null,
      customer_phone: booking.keys.phone ?? null,
      customer_email: booking.keys.email ?? null,
      appointment_date: booking.appointment.date ?? null,
      appointment_time: booking.appointment.time ?? null,
      timetap_appointment_id: booking.appointment.timetapId ?? null,
      result_code: queued ? null : outcome.resultCode,
      warnings,
    },
  };
}

const MESSAGES: Record<SaveOutcome['operation'], string> = {
  create: 'The client was created with the appointment details.',
  update: 'The client was updated with the appointment details.',
  queued: 'The booking is recorded and your details will be saved shortly.',
};

startCredentialsPrefetch();

export const handler = createApiHandler({
  operation: 'create-update-client',
  schema: createUpdateClientRequestSchema,
  run: createUpdateClient,
});
