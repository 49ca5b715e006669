import { handler } from '../../../lambda/handlers/create-update-client';
import {
  createUpdateClientResponseSchema,
  errorResponseSchema,
} from '../../../lambda/shared/api/responses';
import { apiEvent, lambdaContext } from '../../helpers/api-event';
import {
  MAIN_ACCOUNT,
  useHandlerEnvironment,
} from '../../helpers/handler-environment';

const env = useHandlerEnvironment('create-update-client-test-secret');

const BOOKING = {
  customer_first_name: 'Robin',
  customer_last_name: 'Painter',
  customer_phone: '(312) 555-0142',
  customer_email: 'Robin.Painter@Example.com',
  property_address: '12 Elm Street',
  city: 'Springfield',
  state: 'Illinois',
  zip_code: '62704',
  project_type: 'Exterior painting',
  appointment_date: '2026-12-10',
  appointment_time: '10:30',
  appointment_id: 'tt-9001',
  external_id: '{{external_id}}',
  call_id: 'call-7',
};

async function save(body: unknown) {
  const event = apiEvent(body, { path: '/create-update-client' });
  const result = await handler(event, lambdaContext());

  return {
    result,
    body: JSON.parse(result.body) as Record<string, unknown>,
  };
}

function clients() {
  return env.emulator.clients(MAIN_ACCOUNT.webKey);
}

function writes() {
  return env.emulator
    .calls()
    .filter((call) => call.call !== 'read_client_exist');
}

describe('create-update-client', () => {
  it('creates a new client with normalised fields and the appointment', async () => {
    // Act
    const { result, body } = await save(BOOKING);

    // Assess
    expect(result.statusCode).toBe(200);
    const answer = createUpdateClientResponseSchema.parse(body);
    expect(answer).toMatchObject({
      operation: 'create',
      matched_by: null,
      external_id: null,
      customer_name: 'Robin Painter',
      customer_phone: '3125550142',
      customer_email: 'robin.painter@example.com',
      appointment_date: '2026-12-10',
      appointment_time: '10:30',
      timetap_appointment_id: 'tt-9001',
      result_code: 'CT200',
      warnings: [],
    });
    expect(clients()).toEqual([
      expect.objectContaining({
        client_id: answer.client_id,
        firstName: 'Robin',
        lastName: 'Painter',
        phone: '3125550142',
        email: 'robin.painter@example.com',
        state: 'IL',
        zip: '62704',
        project_type: 'Exterior painting',
        timetap_appointment_id: 'tt-9001',
        whiteboard: expect.stringContaining('2026-12-10'),
      }),
    ]);
    expect(clients()[0]).not.toHaveProperty('external_id');
  });

  it('updates the same client when the same booking arrives again', async () => {
    // Prepare
    const first = await save(BOOKING);

    // Act
    const again = await save({ ...BOOKING, customer_phone: '312.555.0142' });

    // Assess
    expect(again.body).toMatchObject({
      operation: 'update',
      client_id: first.body.client_id,
      matched_by: 'phone',
    });
    expect(clients()).toHaveLength(1);
  });

  it('updates the client found by e-mail and appends to its whiteboard', async () => {
    // Prepare
    const existing = env.emulator.seed(MAIN_ACCOUNT.webKey, {
      firstName: 'Robin',
      lastName: 'Painter',
      email: 'robin.painter@example.com',
      whiteboard: 'First visit.',
      external_id: 'crm-5',
    });

    // Act
    const { body } = await save({ ...BOOKING, notes: 'Wants <b>blue</b>' });

    // Assess
    expect(body).toMatchObject({
      operation: 'update',
      client_id: existing.client_id,
      matched_by: 'email',
      external_id: 'crm-5',
    });
    const update = writes()[0];
    expect(update?.call).toBe('update_client_by_id');
    expect(update?.params.append_whiteboard).toBe(
      'Wants &lt;b&gt;blue&lt;/b&gt;',
    );
    expect(update?.params).not.toHaveProperty('whiteboard');
  });

  it('updates the named client_id without looking anyone up', async () => {
    // Prepare
    const existing = env.emulator.seed(MAIN_ACCOUNT.webKey, {
      firstName: 'Robin',
      lastName: 'Painter',
    });

    // Act
    const { body } = await save({
      client_id: existing.client_id,
      appointment_date: '2026-12-11',
    });

    // Assess
    expect(body).toMatchObject({
      operation: 'update',
      matched_by: 'client_id',
      client_id: existing.client_id,
    });
    expect(env.emulator.calls().map((call) => call.call)).toEqual([
      'update_client_by_id',
    ]);
  });

  it('returns 404 when the named client_id does not exist', async () => {
    // Act
    const { result, body } = await save({ client_id: '999999', notes: 'x' });

    // Assess
    expect(result.statusCode).toBe(404);
    expect(errorResponseSchema.parse(body).error).toBe('not_found');
  });

  it('returns 400 naming the missing names of a new caller and creates nothing', async () => {
    // Act
    const { result, body } = await save({
      customer_phone: '3125550142',
      customer_first_name: 'None',
    });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(body.details).toEqual([
      { field: 'customer_first_name', problem: expect.any(String) },
      { field: 'customer_last_name', problem: expect.any(String) },
    ]);
    expect(writes()).toHaveLength(0);
  });

  it('returns 400 when there is neither client_id nor a usable phone or e-mail', async () => {
    // Act
    const { result } = await save({
      customer_first_name: 'Robin',
      customer_last_name: 'Painter',
      customer_phone: 'undefined',
    });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(env.emulator.calls()).toHaveLength(0);
  });

  it('keeps the booking when optional fields are unusable, with warnings', async () => {
    // Act
    const { result, body } = await save({
      ...BOOKING,
      customer_email: 'robin at example',
      state: 'Atlantis',
      zip_code: '12',
    });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(body.warnings).toEqual([
      { field: 'customer_email', problem: expect.any(String) },
      { field: 'state', problem: expect.stringContaining('left out') },
      { field: 'zip_code', problem: expect.stringContaining('left out') },
    ]);
    const created = clients()[0];
    expect(created).not.toHaveProperty('email');
    expect(created).not.toHaveProperty('state');
    expect(created).not.toHaveProperty('zip');
  });

  it('returns 502 and creates nothing when a lookup fails', async () => {
    // Prepare
    env.emulator.injectFault({
      kind: 'http_500',
      calls: ['read_client_exist'],
    });

    // Act
    const { result, body } = await save(BOOKING);

    // Assess
    expect(result.statusCode).toBe(502);
    expect(body.error).toBe('upstream_error');
    expect(writes()).toHaveLength(0);
  });

  it('returns 502 with the result code when ClientTether rejects the create', async () => {
    // Prepare
    env.emulator.injectFault({ kind: 'http_500', calls: ['create_client'] });

    // Act
    const { result, body } = await save(BOOKING);

    // Assess
    expect(result.statusCode).toBe(502);
    expect(errorResponseSchema.parse(body).error).toBe('upstream_error');
    expect(
      env.emulator.calls().filter((call) => call.call === 'create_client'),
    ).toHaveLength(1);
  });
});
