import {
  type CheckClientRequest,
  checkClientRequestSchema,
} from '../shared/api/requests';
import { ClientNotFoundError } from '../shared/clienttether/errors';
import type { ClientRecord } from '../shared/clienttether/types';
import {
  createApiHandler,
  type OperationResult,
  type RequestContext,
} from '../shared/http/api-handler';
import { logger } from '../shared/logger';
import {
  callerKeysFrom,
  requireCallerKey,
} from '../shared/operations/caller-keys';
import { summariseClient } from '../shared/operations/client-record';
import {
  type CallerKeys,
  type FoundClient,
  findClient,
} from '../shared/operations/find-client';
import { startCredentialsPrefetch } from '../shared/warm-up';

/**
 * Tells the agent whether the caller is already a client: by phone, then
 * by e-mail, and with the details needed to greet them by name.
 */
export async function checkClient(
  input: CheckClientRequest,
  context: RequestContext,
): Promise<OperationResult> {
  const keys = requireCallerKey(callerKeysFrom(input));
  const options = { deadline: context.deadline };

  const found = await findClient(context.clienttether, keys, options);
  if (!found) {
    return notFound(keys);
  }

  let record: ClientRecord;
  try {
    record = await context.clienttether.readById(found.match.clientId, options);
  } catch (error) {
    // Deleted between the lookup and the read: for the caller that is
    // the same as never having been a client.
    if (error instanceof ClientNotFoundError) {
      return notFound(keys);
    }
    throw error;
  }

  return foundAnswer(found, record);
}

function foundAnswer(
  found: FoundClient,
  record: ClientRecord,
): OperationResult {
  const client = summariseClient(record);
  logger.appendKeys({ searchedBy: found.by });

  return {
    statusCode: 200,
    outcome: 'found',
    body: {
      message: client.firstName
        ? `The caller is an existing client: ${client.firstName}.`
        : 'The caller is an existing client.',
      client_exists: true,
      client_id: found.match.clientId,
      external_id: found.match.externalId ?? client.externalId,
      client_name: client.name,
      client_first_name: client.firstName,
      client_last_name: client.lastName,
      client_phone: client.phone,
      client_email: client.email,
      client_address: client.address,
      client_city: client.city,
      client_state: client.state,
      client_zip: client.zip,
      searched_by: found.by,
      full_client_data: record,
    },
  };
}

function notFound(keys: CallerKeys): OperationResult {
  const searchedBy = searchedByOf(keys);
  logger.appendKeys({ searchedBy });

  return {
    statusCode: 200,
    outcome: 'not_found',
    body: {
      message: 'The caller is not an existing client.',
      client_exists: false,
      client_id: '',
      searched_phone: keys.phone ?? null,
      searched_email: keys.email ?? null,
      searched_by: searchedBy,
    },
  };
}

function searchedByOf(keys: CallerKeys): 'phone' | 'email' | 'phone_and_email' {
  if (keys.phone && keys.email) {
    return 'phone_and_email';
  }

  return keys.phone ? 'phone' : 'email';
}

startCredentialsPrefetch();

export const handler = createApiHandler({
  operation: 'check-client',
  schema: checkClientRequestSchema,
  run: checkClient,
});
