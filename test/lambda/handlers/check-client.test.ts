import { handler } from '../../../lambda/handlers/check-client';
import {
  checkClientFoundSchema,
  checkClientNotFoundSchema,
  errorResponseSchema,
} from '../../../lambda/shared/api/responses';
import { apiEvent, lambdaContext } from '../../helpers/api-event';
import {
  MAIN_ACCOUNT,
  NORTH_ACCOUNT,
  SECRET_VALUE,
  useHandlerEnvironment,
} from '../../helpers/handler-environment';

const env = useHandlerEnvironment('check-client-test-secret');

async function check(body: unknown, options = {}) {
  const event = apiEvent(body, { path: '/check-client', ...options });
  const result = await handler(event, lambdaContext());

  return {
    result,
    body: JSON.parse(result.body) as Record<string, unknown>,
    requestId: event.requestContext.requestId,
  };
}

function seedPat() {
  return env.emulator.seed(MAIN_ACCOUNT.webKey, {
    firstName: 'Pat',
    lastName: 'Demo',
    phone: '3125550101',
    email: 'pat.demo@example.com',
    address: '100 Sample Street',
    city: 'Springfield',
    state: 'IL',
    zip: '62701',
    external_id: 'ext-1',
  });
}

describe('check-client', () => {
  it('returns the client found by a differently formatted phone', async () => {
    // Prepare
    const pat = seedPat();

    // Act
    const { result, body, requestId } = await check({
      customer_phone: '+1 (312) 555-0101',
    });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['Content-Type']).toBe('application/json');
    expect(checkClientFoundSchema.parse(body)).toMatchObject({
      success: true,
      request_id: requestId,
      client_exists: true,
      client_id: pat.client_id,
      external_id: 'ext-1',
      client_name: 'Pat Demo',
      client_first_name: 'Pat',
      client_phone: '3125550101',
      client_email: 'pat.demo@example.com',
      client_city: 'Springfield',
      client_state: 'IL',
      client_zip: '62701',
      searched_by: 'phone',
    });
    expect(body.full_client_data).toMatchObject({ firstName: 'Pat' });
  });

  it('returns the e-mail match when the phone finds nobody', async () => {
    // Prepare
    const pat = seedPat();

    // Act
    const { body } = await check({
      customer_phone: '312-555-0199',
      customer_email: ' Pat.Demo@Example.com ',
    });

    // Assess
    expect(body).toMatchObject({
      client_exists: true,
      client_id: pat.client_id,
      searched_by: 'email',
    });
    const lookups = env.emulator
      .calls()
      .filter((call) => call.call === 'read_client_exist');
    expect(lookups.map((call) => Object.keys(call.params)[0]).sort()).toEqual([
      'email',
      'phone',
    ]);
  });

  it('prefers the phone match over an e-mail match of another client', async () => {
    // Prepare
    const pat = seedPat();
    env.emulator.seed(MAIN_ACCOUNT.webKey, {
      firstName: 'Other',
      lastName: 'Person',
      email: 'other@example.com',
    });

    // Act
    const { body } = await check({
      customer_phone: '3125550101',
      customer_email: 'other@example.com',
    });

    // Assess
    expect(body).toMatchObject({
      client_id: pat.client_id,
      searched_by: 'phone',
    });
  });

  it('returns 200 with client_exists false when nobody matches', async () => {
    // Act
    const { result, body } = await check({
      customer_phone: '(312) 555-0177',
      customer_email: 'Nobody@Example.com',
    });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(checkClientNotFoundSchema.parse(body)).toMatchObject({
      client_exists: false,
      client_id: '',
      searched_phone: '3125550177',
      searched_email: 'nobody@example.com',
      searched_by: 'phone_and_email',
    });
  });

  it('treats Bland "not given" values as absent', async () => {
    // Prepare
    seedPat();

    // Act
    const { body } = await check({
      customer_phone: '3125550101',
      customer_email: '{{customer_email}}',
      location_id: 'null',
      call_id: 'None',
    });

    // Assess
    expect(body).toMatchObject({ client_exists: true, searched_by: 'phone' });
    const lookups = env.emulator.calls().map((call) => call.params);
    expect(lookups).not.toContainEqual(
      expect.objectContaining({ email: expect.anything() }),
    );
  });

  it('searches by e-mail alone when the phone cannot be a number', async () => {
    // Prepare
    seedPat();

    // Act
    const { result, body } = await check({
      customer_phone: 'call me maybe',
      customer_email: 'pat.demo@example.com',
    });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(body).toMatchObject({ client_exists: true, searched_by: 'email' });
  });

  it('returns 400 naming the phone when it is unusable and there is no e-mail', async () => {
    // Act
    const { result, body } = await check({ customer_phone: '555-01' });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(errorResponseSchema.parse(body)).toMatchObject({
      error: 'invalid_request',
      details: [{ field: 'customer_phone', problem: 'has too few digits' }],
    });
    expect(env.emulator.calls()).toHaveLength(0);
  });

  it('returns 400 naming both keys when neither is given', async () => {
    // Act
    const { result, body } = await check({ customer_phone: '' });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(body.details).toEqual([
      expect.objectContaining({ field: 'customer_phone' }),
      expect.objectContaining({ field: 'customer_email' }),
    ]);
  });

  it('returns 400 naming a field of the wrong type', async () => {
    // Act
    const { result, body } = await check({
      customer_phone: { nested: true },
      customer_email: 'pat.demo@example.com',
    });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(body.details).toEqual([
      { field: 'customer_phone', problem: 'must be text' },
    ]);
  });

  it.each([
    ['not JSON', '{"customer_phone": '],
    ['a JSON array', '["3125550101"]'],
  ])('returns 400 for a body that is %s', async (_, raw) => {
    // Act
    const { result, body } = await check(raw);

    // Assess
    expect(result.statusCode).toBe(400);
    expect(errorResponseSchema.parse(body).details?.[0]?.field).toBe('body');
  });

  it('reads JSON sent without a JSON content type', async () => {
    // Prepare
    seedPat();

    // Act
    const { body } = await check(
      { customer_phone: '3125550101' },
      { headers: { 'Content-Type': 'text/plain' } },
    );

    // Assess
    expect(body).toMatchObject({ client_exists: true });
  });

  it('reads a form-encoded body', async () => {
    // Prepare
    seedPat();

    // Act
    const { body } = await check('customer_phone=312.555.0101&call_id=c-1', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expect(body).toMatchObject({ client_exists: true });
  });

  it('reads a JSON body labelled as a form, as curl -d sends it', async () => {
    // Prepare
    seedPat();

    // Act
    const { body } = await check('{"customer_phone":"3125550101"}', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expect(body).toMatchObject({ client_exists: true });
  });

  it('reads a base64-encoded body', async () => {
    // Prepare
    seedPat();
    const raw = Buffer.from(
      JSON.stringify({ customer_phone: '3125550101' }),
    ).toString('base64');

    // Act
    const { body } = await check(raw, { isBase64Encoded: true });

    // Assess
    expect(body).toMatchObject({ client_exists: true });
  });

  it('looks in the account of the given location', async () => {
    // Prepare
    const north = env.emulator.seed(NORTH_ACCOUNT.webKey, {
      firstName: 'Jordan',
      lastName: 'North',
      phone: '6125550104',
    });

    // Act
    const { body } = await check({
      customer_phone: '6125550104',
      location_id: 'north',
    });

    // Assess
    expect(body).toMatchObject({
      client_exists: true,
      client_id: north.client_id,
    });
    expect(env.emulator.calls()[0]?.webKey).toBe(NORTH_ACCOUNT.webKey);
  });

  it('returns 400 for an unknown location and calls nobody', async () => {
    // Act
    const { result, body } = await check({
      customer_phone: '3125550101',
      location_id: 'south',
    });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(body.details).toEqual([
      { field: 'location_id', problem: 'is not a known location' },
    ]);
    expect(env.emulator.calls()).toHaveLength(0);
  });

  it('returns 502, not "not found", when a lookup fails and the other finds nobody', async () => {
    // Prepare
    env.emulator.injectFault({
      kind: 'http_500',
      calls: ['read_client_exist'],
    });

    // Act
    const { result, body } = await check({
      customer_phone: '3125550101',
      customer_email: 'nobody@example.com',
    });

    // Assess
    expect(result.statusCode).toBe(502);
    expect(errorResponseSchema.parse(body).error).toBe('upstream_error');
    expect(body).not.toHaveProperty('client_exists');
  });

  it('retries a failed lookup and answers once ClientTether recovers', async () => {
    // Prepare
    seedPat();
    env.emulator.injectFault({ kind: 'ct500', times: 1 });

    // Act
    const { result, body } = await check({ customer_phone: '3125550101' });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(body).toMatchObject({ client_exists: true });
  });

  it('returns 504 within the deadline when ClientTether hangs', async () => {
    // Prepare
    env.emulator.injectFault({ kind: 'hang' });
    const started = Date.now();

    // Act
    const { result, body } = await check({ customer_phone: '3125550101' });

    // Assess
    expect(result.statusCode).toBe(504);
    expect(errorResponseSchema.parse(body).error).toBe('upstream_timeout');
    // The test deadline is 2 s; the margin absorbs a busy machine.
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('returns 502 credentials_rejected when a refetched secret is refused too', async () => {
    // Prepare
    env.emulator.injectFault({ kind: 'credentials_rejected' });

    // Act
    const { result, body } = await check({ customer_phone: '3125550101' });

    // Assess
    expect(result.statusCode).toBe(502);
    expect(body.error).toBe('credentials_rejected');
    expect(env.logs.lines()).toContainEqual(
      expect.objectContaining({ errorCode: 'credentials_rejected' }),
    );
  });

  it('logs the request without credentials or the full phone number', async () => {
    // Prepare
    seedPat();

    // Act
    await check({
      customer_phone: '3125550101',
      customer_email: 'pat.demo@example.com',
      call_id: 'bland-call-42',
    });

    // Assess
    const text = env.logs.text();
    expect(text).not.toContain(SECRET_VALUE.accessToken);
    expect(text).not.toContain(SECRET_VALUE.webKey);
    expect(text).not.toContain('3125550101');
    expect(text).not.toContain('pat.demo@example.com');
    expect(env.logs.lines()).toContainEqual(
      expect.objectContaining({
        message: 'Request finished',
        call_id: 'bland-call-42',
        phoneLast4: '0101',
        statusCode: 200,
        outcome: 'found',
      }),
    );
  });
});
