import type { FieldProblem } from '../api/fields';
import { DuplicateClientError } from '../clienttether/errors';
import type {
  CallOptions,
  ClientFields,
  ClientTetherApi,
} from '../clienttether/types';
import { RequestValidationError } from '../http/errors';
import { logger } from '../logger';
import type { Booking } from './booking';
import { type FoundClient, findClient } from './find-client';

/** What an upsert did. */
export interface UpsertOutcome {
  operation: 'create' | 'update';
  clientId: string;
  externalId: string | null;
  matchedBy: 'client_id' | 'phone' | 'email' | null;
  resultCode: string;
}

/**
 * Records a booking in ClientTether: updates the named client, or the one
 * the caller's phone or e-mail finds, and creates a client only when both
 * lookups answered that there is none. This is the one implementation the
 * handler and the write-behind worker share.
 */
export async function upsertClient(
  api: ClientTetherApi,
  booking: Booking,
  options: CallOptions,
): Promise<UpsertOutcome> {
  if (booking.clientId) {
    return updateClient(api, booking, booking.clientId, 'client_id', options);
  }

  const found = await findClient(api, booking.keys, options);
  if (found) {
    return updateFound(api, booking, found, options);
  }

  return createClient(api, booking, options);
}

async function createClient(
  api: ClientTetherApi,
  booking: Booking,
  options: CallOptions,
): Promise<UpsertOutcome> {
  requireNames(booking);
  const fields = withNote(booking.fields, 'whiteboard', booking.note);

  try {
    const created = await api.create(fields, options);
    logger.appendKeys({ clientId: created.clientId });

    return {
      operation: 'create',
      clientId: created.clientId,
      externalId: booking.externalId ?? null,
      matchedBy: null,
      resultCode: created.resultCode,
    };
  } catch (error) {
    if (!(error instanceof DuplicateClientError)) {
      throw error;
    }

    // The account's own duplicate check saw a client our lookup missed
    // (created meanwhile, or matched on another field): update that one.
    logger.info('ClientTether reports a duplicate; updating instead');
    const found = await findClient(api, booking.keys, options);
    if (!found) {
      throw error;
    }

    return updateFound(api, booking, found, options);
  }
}

function updateFound(
  api: ClientTetherApi,
  booking: Booking,
  found: FoundClient,
  options: CallOptions,
): Promise<UpsertOutcome> {
  return updateClient(
    api,
    {
      ...booking,
      externalId: booking.externalId ?? found.match.externalId ?? undefined,
    },
    found.match.clientId,
    found.by,
    options,
  );
}

async function updateClient(
  api: ClientTetherApi,
  booking: Booking,
  clientId: string,
  matchedBy: UpsertOutcome['matchedBy'],
  options: CallOptions,
): Promise<UpsertOutcome> {
  const fields = withNote(booking.fields, 'append_whiteboard', booking.note);
  const updated = await api.update(clientId, fields, options);
  logger.appendKeys({ clientId, matchedBy });

  return {
    operation: 'update',
    clientId,
    externalId: booking.externalId ?? null,
    matchedBy,
    resultCode: updated.resultCode,
  };
}

function withNote(
  fields: ClientFields,
  name: 'whiteboard' | 'append_whiteboard',
  note: string | undefined,
): ClientFields {
  return note ? { ...fields, [name]: note } : fields;
}

function requireNames(booking: Booking): void {
  const problems: FieldProblem[] = [];
  if (!booking.firstName) {
    problems.push({
      field: 'customer_first_name',
      problem: 'is required to create a new client',
    });
  }
  if (!booking.lastName) {
    problems.push({
      field: 'customer_last_name',
      problem: 'is required to create a new client',
    });
  }

  if (problems.length > 0) {
    throw new RequestValidationError(problems);
  }
}
