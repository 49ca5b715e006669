import {
  type CreateUpdateClientRequest,
  createUpdateClientRequestSchema,
} from '../shared/api/requests';
import {
  createApiHandler,
  type OperationResult,
  type RequestContext,
} from '../shared/http/api-handler';
import { logger } from '../shared/logger';
import {
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

  const outcome = await upsertClient(context.clienttether, prepared.booking, {
    deadline: context.deadline,
  });
  logger.appendKeys({ matchedBy: outcome.matchedBy });

  return savedAnswer(prepared, outcome);
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
