import { handler as checkClient } from '../../../lambda/handlers/check-client';
import { handler as deleteClient } from '../../../lambda/handlers/delete-client';
import { errorResponseSchema } from '../../../lambda/shared/api/responses';
import { apiEvent, lambdaContext } from '../../helpers/api-event';
import {
  MAIN_ACCOUNT,
  NORTH_ACCOUNT,
  useHandlerEnvironment,
} from '../../helpers/handler-environment';

// 'north' is a location of its own; the operator key has no location.
const env = useHandlerEnvironment('location-isolation-test-secret', {
  API_KEY_LOCATIONS: JSON.stringify({ 'key-north': 'north' }),
});

async function call(
  handler: typeof checkClient,
  body: Record<string, unknown>,
  apiKeyId: string,
) {
  const result = await handler(apiEvent(body, { apiKeyId }), lambdaContext());

  return {
    result,
    body: JSON.parse(result.body) as Record<string, unknown>,
  };
}

describe('location isolation', () => {
  it("acts on the key's own location when location_id is missing", async () => {
    // Prepare
    env.emulator.seed(NORTH_ACCOUNT.webKey, {
      firstName: 'Jordan',
      lastName: 'North',
      phone: '6125550104',
    });

    // Act
    const { body } = await call(
      checkClient,
      { customer_phone: '6125550104' },
      'key-north',
    );

    // Assess
    expect(body).toMatchObject({ client_exists: true });
    expect(env.emulator.calls()[0]?.webKey).toBe(NORTH_ACCOUNT.webKey);
  });

  it('allows a location key to name its own location', async () => {
    // Act
    const { result } = await call(
      checkClient,
      { customer_phone: '6125550104', location_id: 'north' },
      'key-north',
    );

    // Assess
    expect(result.statusCode).toBe(200);
  });

  it('refuses another location with 403 before any upstream call', async () => {
    // Prepare
    const client = env.emulator.seed(MAIN_ACCOUNT.webKey, {
      firstName: 'Main',
      lastName: 'Street',
    });

    // Act
    const { result, body } = await call(
      deleteClient,
      { client_id: client.client_id, location_id: 'main-office' },
      'key-north',
    );

    // Assess
    expect(result.statusCode).toBe(403);
    const answer = errorResponseSchema.parse(body);
    expect(answer.error).toBe('forbidden');
    expect(answer.message).not.toMatch(/north|main-office/i);
    expect(env.emulator.calls()).toHaveLength(0);
    expect(env.emulator.clients(MAIN_ACCOUNT.webKey)).toHaveLength(1);
  });

  it('lets the operator key name any location', async () => {
    // Act
    const { result } = await call(
      checkClient,
      { customer_phone: '6125550104', location_id: 'north' },
      'key-operator',
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(env.emulator.calls()[0]?.webKey).toBe(NORTH_ACCOUNT.webKey);
  });

  it('uses the default account for the operator key without location_id', async () => {
    // Act
    await call(checkClient, { customer_phone: '3125550101' }, 'key-operator');

    // Assess
    expect(env.emulator.calls()[0]?.webKey).toBe(MAIN_ACCOUNT.webKey);
  });
});
