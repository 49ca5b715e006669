import { handler } from '../../../lambda/handlers/delete-client';
import {
  deleteClientResponseSchema,
  errorResponseSchema,
} from '../../../lambda/shared/api/responses';
import { apiEvent, lambdaContext } from '../../helpers/api-event';
import {
  MAIN_ACCOUNT,
  useHandlerEnvironment,
} from '../../helpers/handler-environment';

const env = useHandlerEnvironment('delete-client-test-secret');

async function remove(body: unknown, options = {}) {
  const event = apiEvent(body, { path: '/delete-client', ...options });
  const result = await handler(event, lambdaContext());

  return {
    result,
    body: JSON.parse(result.body) as Record<string, unknown>,
  };
}

function seed(fields: Record<string, unknown> = {}) {
  return env.emulator.seed(MAIN_ACCOUNT.webKey, {
    firstName: 'Test',
    lastName: 'Client',
    external_id: 'ext-77',
    ...fields,
  });
}

describe('delete-client', () => {
  afterEach(() => {
    process.env.DELETE_CLIENT_ENABLED = 'true';
  });

  it('deletes by client_id', async () => {
    // Prepare
    const client = seed();

    // Act
    const { result, body } = await remove({ client_id: client.client_id });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(deleteClientResponseSchema.parse(body)).toMatchObject({
      deleted_by: 'client_id',
      client_id: client.client_id,
      result_code: 'CT200',
    });
    expect(env.emulator.clients(MAIN_ACCOUNT.webKey)).toHaveLength(0);
  });

  it('deletes by external_id', async () => {
    // Prepare
    const client = seed();

    // Act
    const { body } = await remove({ external_id: 'ext-77' });

    // Assess
    expect(deleteClientResponseSchema.parse(body)).toMatchObject({
      deleted_by: 'external_id',
      client_id: client.client_id,
      external_id: 'ext-77',
    });
  });

  it('prefers client_id when both ids are given', async () => {
    // Prepare
    const client = seed();

    // Act
    const { body } = await remove({
      client_id: client.client_id,
      external_id: 'someone-else',
    });

    // Assess
    expect(body).toMatchObject({ deleted_by: 'client_id' });
    expect(env.emulator.calls().map((call) => call.call)).toEqual([
      'delete_client_by_id',
    ]);
  });

  it('accepts DELETE with the id in the query string', async () => {
    // Prepare
    const client = seed();

    // Act
    const { result } = await remove(null, {
      method: 'DELETE',
      query: { client_id: client.client_id },
    });

    // Assess
    expect(result.statusCode).toBe(200);
  });

  it('returns 409 with a hint when the client still has appointments', async () => {
    // Prepare
    const client = seed({ has_appointments: true });

    // Act
    const { result, body } = await remove({ client_id: client.client_id });

    // Assess
    expect(result.statusCode).toBe(409);
    expect(errorResponseSchema.parse(body)).toMatchObject({
      error: 'in_use',
      result_code: 'CT512',
      hint: expect.stringContaining('first'),
    });
  });

  it('returns 404 when the client does not exist', async () => {
    // Act
    const { result, body } = await remove({ client_id: '424242' });

    // Assess
    expect(result.statusCode).toBe(404);
    expect(body).toMatchObject({ error: 'not_found', result_code: 'CT515' });
  });

  it('returns 400 when no id is given', async () => {
    // Act
    const { result, body } = await remove({ client_id: '{{client_id}}' });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(body.details).toHaveLength(2);
  });

  it('returns 403 and calls nobody when delete is disabled', async () => {
    // Prepare
    const client = seed();
    process.env.DELETE_CLIENT_ENABLED = 'false';

    // Act
    const { result, body } = await remove({ client_id: client.client_id });

    // Assess
    expect(result.statusCode).toBe(403);
    expect(errorResponseSchema.parse(body).error).toBe('forbidden');
    expect(env.emulator.calls()).toHaveLength(0);
  });
});
