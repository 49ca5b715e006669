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
import { runOnce } from '../shared/idempotency/run-once';
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

  const target = targetOf(input);
  const outcome = await runOnce({
    operation: 'delete-client',
    key: { locationId: context.locationId ?? null, ...target },
    tableName: context.settings.idempotencyTableName,
    windowSeconds: context.settings.idempotencyWindowSeconds,
    lambdaContext: context.lambdaContext,
    work: () => deleteTarget(target, context),
  });

  return deletedAnswer(outcome, input.external_id);
}

/** Which client to delete: `client_id` wins over `external_id`. */
type DeleteTarget =
  | { by: 'client_id'; id: string }
  | { by: 'external_id'; id: string };

/** What a delete did; all a repeat of the request needs to answer. */
type DeleteOutcome = {
  deletedBy: DeleteTarget['by'];
  clientId: string | null;
  resultCode: string;
};

function targetOf(input: DeleteClientRequest): DeleteTarget {
  if (input.client_id) {
    return { by: 'client_id', id: input.client_id };
  }
  if (input.external_id) {
    return { by: 'external_id', id: input.external_id };
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

async function deleteTarget(
  target: DeleteTarget,
  context: RequestContext,
): Promise<DeleteOutcome> {
  const options = { deadline: context.deadline };
  const api = context.clienttether;

  if (target.by === 'client_id') {
    const result = await api.deleteById(target.id, options);

    return { deletedBy: 'client_id', clientId: target.id, ...result };
  }

  const result = await api.deleteByExternalId(target.id, options);

  return { deletedBy: 'external_id', ...result };
}

function deletedAnswer(
  { deletedBy, clientId, resultCode }: DeleteOutcome,
  externalId: string | undefined,
): OperationResult {
  logger.appendKeys({ deletedBy, clientId });

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
