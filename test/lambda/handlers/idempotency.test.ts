import { handler as createUpdate } from '../../../lambda/handlers/create-update-client';
import { handler as deleteClient } from '../../../lambda/handlers/delete-client';
import { errorResponseSchema } from '../../../lambda/shared/api/responses';
import { apiEvent, lambdaContext } from '../../helpers/api-event';
import { useLocalTable } from '../../helpers/dynalite';
import {
  MAIN_ACCOUNT,
  useHandlerEnvironment,
} from '../../helpers/handler-environment';

const tables = useLocalTable('idempotency-test', {
  IDEMPOTENCY_WINDOW_SECONDS: '600',
});

const env = useHandlerEnvironment('idempotency-test-secret');

const BOOKING = {
  customer_first_name: 'Casey',
  customer_last_name: 'Retry',
  customer_phone: '3125550150',
  customer_email: 'casey.retry@example.com',
  appointment_date: '2026-12-12',
  appointment_time: '09:00',
  notes: 'Two bedrooms',
};

async function send(
  handler: typeof createUpdate,
  body: unknown,
  path = '/create-update-client',
) {
  const result = await handler(apiEvent(body, { path }), lambdaContext());

  return {
    result,
    body: JSON.parse(result.body) as Record<string, unknown>,
  };
}

function countCalls(name: string): number {
  return env.emulator.calls().filter((call) => call.call === name).length;
}

describe('idempotent writes', () => {
  it('replays the first answer to a repeated booking without writing again', async () => {
    // Prepare
    const first = await send(createUpdate, { ...BOOKING, call_id: 'a' });
    env.emulator.clearCalls();

    // Act
    const again = await send(createUpdate, {
      ...BOOKING,
      call_id: 'b',
      customer_phone: '(312) 555-0150',
    });

    // Assess
    expect(again.result.statusCode).toBe(200);
    expect(again.body).toMatchObject({
      operation: 'create',
      client_id: first.body.client_id,
      customer_phone: '3125550150',
    });
    expect(again.body.request_id).not.toBe(first.body.request_id);
    expect(env.emulator.calls()).toHaveLength(0);
  });

  it('really retries after a failed attempt', async () => {
    // Prepare
    env.emulator.injectFault({
      kind: 'http_500',
      calls: ['create_client'],
      times: 1,
    });
    const failed = await send(createUpdate, BOOKING);

    // Act
    const retried = await send(createUpdate, BOOKING);

    // Assess
    expect(failed.result.statusCode).toBe(502);
    expect(retried.result.statusCode).toBe(200);
    expect(retried.body.operation).toBe('create');
    expect(env.emulator.clients(MAIN_ACCOUNT.webKey)).toHaveLength(1);
  });

  it('answers 429 with Retry-After to a concurrent identical request', async () => {
    // Prepare
    env.emulator.setLatency(300);

    // Act
    const [one, two] = await Promise.all([
      send(createUpdate, BOOKING),
      send(createUpdate, BOOKING),
    ]);

    // Assess
    const statuses = [one.result.statusCode, two.result.statusCode].sort();
    expect(statuses).toEqual([200, 429]);
    const refused = one.result.statusCode === 429 ? one : two;
    expect(errorResponseSchema.parse(refused.body).error).toBe(
      'request_in_progress',
    );
    expect(refused.result.headers?.['Retry-After']).toBe('2');
    expect(countCalls('create_client')).toBe(1);
  });

  it('creates one client for two different bookings of one new caller', async () => {
    // Prepare
    env.emulator.setLatency(100);

    // Act
    const answers = await Promise.all([
      send(createUpdate, { ...BOOKING, appointment_time: '09:00' }),
      send(createUpdate, { ...BOOKING, appointment_time: '15:00' }),
    ]);

    // Assess
    expect(answers.map((answer) => answer.result.statusCode)).toEqual([
      200, 200,
    ]);
    expect(answers.map((answer) => answer.body.operation).sort()).toEqual([
      'create',
      'update',
    ]);
    expect(env.emulator.clients(MAIN_ACCOUNT.webKey)).toHaveLength(1);
  });

  it('replays a delete instead of answering 404 the second time', async () => {
    // Prepare
    const client = env.emulator.seed(MAIN_ACCOUNT.webKey, {
      firstName: 'Gone',
      lastName: 'Soon',
    });
    const request = { client_id: client.client_id };
    await send(deleteClient, request, '/delete-client');

    // Act
    const again = await send(deleteClient, request, '/delete-client');

    // Assess
    expect(again.result.statusCode).toBe(200);
    expect(again.body).toMatchObject({ deleted_by: 'client_id' });
    expect(countCalls('delete_client_by_id')).toBe(1);
  });

  it('stores no personal data in the table, and every record expires', async () => {
    // Act
    await send(createUpdate, { ...BOOKING, customer_phone: '3125550151' });

    // Assess
    const items = await tables.table.items();
    const stored = JSON.stringify(items);
    expect(items.length).toBeGreaterThan(0);
    expect(stored).not.toContain('555015');
    expect(stored).not.toContain('casey');
    expect(stored).not.toContain('Casey');
    expect(stored).not.toContain('Two bedrooms');
    const now = Date.now() / 1000;
    for (const item of items) {
      const expiration = Number(
        (item.expiration as { N: string } | undefined)?.N,
      );
      expect(expiration).toBeGreaterThan(now);
      expect(expiration).toBeLessThan(now + 700);
    }
  });
});
