import {
  type DeleteClientRequest,
  deleteClientRequestSchema,
} from '../shared/api/requests';
import {
  createApiHandler,
  type OperationResult,
  type RequestContext,
} from '../shared/http/api-handler';
import { ForbiddenError, RequestValidationError } from '../shared/http/errors';
import { logger } from '../shared/logger';
import { startCredentialsPrefetch } from '../shared/warm-up';

/**
 * Deletes a (test) client by `client_id` or, failing that, `external_id`.
 * Deletion cannot be undone, so it is off unless the environment allows it.
 */
export async function deleteClient(
  input: DeleteClientRequest,
  context: RequestContext,
): Promise<OperationResult> {
  if (!context.settings.deleteEnabled) {
    throw new ForbiddenError('Deleting clients is not enabled here.');
  }

  const options = { deadline: context.deadline };
  const api = context.clienttether;

  if (input.client_id) {
    const result = await api.deleteById(input.client_id, options);

    return deletedAnswer(
      'client_id',
      input.client_id,
      input.external_id,
      result.resultCode,
    );
  }

  if (input.external_id) {
    const result = await api.deleteByExternalId(input.external_id, options);

    return deletedAnswer(
      'external_id',
      result.clientId,
      input.external_id,
      result.resultCode,
    );
  }

  throw new RequestValidationError([
    {
      field: 'client_id',
      problem: 'is required when external_id is not given',
    },
    {
      field: 'external_id',
      problem: 'is required when client_id is not given',
    },
  ]);
}

function deletedAnswer(
  deletedBy: 'client_id' | 'external_id',
  clientId: string | null,
  externalId: string | undefined,
  resultCode: string,
): OperationResult {
  logger.info('Deleted a client', { deletedBy, clientId });

  return {
    statusCode: 200,
    outcome: 'deleted',
    body: {
      message: 'The client was deleted.',
      deleted_by: deletedBy,
      client_id: clientId,
      external_id: externalId ?? null,
      result_code: resultCode,
    },
  };
}

startCredentialsPrefetch();

export const handler = createApiHandler({
  operation: 'delete-client',
  schema: deleteClientRequestSchema,
  run: deleteClient,
});
