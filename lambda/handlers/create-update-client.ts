import {
  type CreateUpdateClientRequest,
  createUpdateClientRequestSchema,
} from '../shared/api/requests';
import {
  createApiHandler,
  type OperationResult,
  type RequestContext,
} from '../shared/http/api-handler';
import { withCallerLease } from '../shared/idempotency/caller-lease';
import { runOnce } from '../shared/idempotency/run-once';
import { logger } from '../shared/logger';
import {
  type Booking,
  type PreparedBooking,
  prepareBooking,
} from '../shared/operations/booking';
import {
  type UpsertOutcome,
  upsertClient,
} from '../shared/operations/upsert-client';
import { startCredentialsPrefetch } from '../shared/warm-up';

/**
 * Records a booked appointment in ClientTether: updates the caller's
 * client when there is one, creates it otherwise, never both.
 */
export async function createUpdateClient(
  input: CreateUpdateClientRequest,
  context: RequestContext,
): Promise<OperationResult> {
  const prepared = prepareBooking(input);
  if (prepared.warnings.length > 0) {
    logger.info('Optional fields left out', {
      leftOut: prepared.warnings.map((warning) => warning.field),
    });
  }

  const outcome = await saveBooking(prepared.booking, context);
  logger.appendKeys({ matchedBy: outcome.matchedBy });

  return savedAnswer(prepared, outcome);
}

/**
 * Applies a booking once: a repeat of the same request within the window
 * replays the first outcome, and the caller lease keeps a different
 * booking of the same new caller from creating a second client.
 */
function saveBooking(
  booking: Booking,
  context: RequestContext,
): Promise<UpsertOutcome> {
  const { settings, locationId, deadline } = context;

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
        () => upsertClient(context.clienttether, booking, { deadline }),
      ),
  });
}

function savedAnswer(
  { booking, warnings }: PreparedBooking,
  outcome: UpsertOutcome,
): OperationResult {
  const name = [booking.firstName, booking.lastName].filter(Boolean).join(' ');

  return {
    statusCode: 200,
    outcome: outcome.operation,
    body: {
      message:
        outcome.operation === 'create'
          ? 'The client was created with the appointment details.'
          : 'The client was updated with the appointment details.',
      operation: outcome.operation,
      client_id: outcome.clientId,
      external_id: outcome.externalId,
      matched_by: outcome.matchedBy,
      customer_name: name || null,
      customer_phone: booking.keys.phone ?? null,
      customer_email: booking.keys.email ?? null,
      appointment_date: booking.appointment.date ?? null,
      appointment_time: booking.appointment.time ?? null,
      timetap_appointment_id: booking.appointment.timetapId ?? null,
      result_code: outcome.resultCode,
      warnings,
    },
  };
}

startCredentialsPrefetch();

export const handler = createApiHandler({
  operation: 'create-update-client',
  schema: createUpdateClientRequestSchema,
  run: createUpdateClient,
});
