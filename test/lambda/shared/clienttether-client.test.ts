import {
  type CallInfo,
  ClientTetherClient,
  type ClientTetherClientOptions,
} from '../../../lambda/shared/clienttether/client';
import {
  ClientNotFoundError,
  ClientTetherRejectedError,
  ClientTetherTimeoutError,
  ClientTetherUnavailableError,
  CredentialsRejectedError,
  DuplicateClientError,
} from '../../../lambda/shared/clienttether/errors';
import type { CredentialsProvider } from '../../../lambda/shared/clienttether/types';
import { Deadline } from '../../../lambda/shared/deadline';
import { logger } from '../../../lambda/shared/logger';
import { type FakeHttpServer, startFakeHttpServer } from './fake-http-server';

const PHONE = '5551234567';
const EMAIL = 'ada@example.com';
const TOKEN = 'token-secret-value';
const WEB_KEY = 'web-key-secret-value';

const success = (data?: unknown) => ({
  body: { ResultCode: 'CT_200', Message: 'Success', data },
});

let server: FakeHttpServer;
let calls: CallInfo[];
let infoSpy: jest.SpyInstance;
let warnSpy: jest.SpyInstance;

beforeEach(async () => {
  server = await startFakeHttpServer();
  calls = [];
  infoSpy = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  warnSpy = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
});

afterEach(async () => {
  jest.restoreAllMocks();
  await server.close();
});

const staticCredentials: CredentialsProvider = async () => ({
  accessToken: TOKEN,
  webKey: WEB_KEY,
});

function makeClient(
  overrides: Partial<ClientTetherClientOptions> = {},
): ClientTetherClient {
  return new ClientTetherClient({
    baseUrl: server.baseUrl,
    postEncoding: 'query',
    credentials: staticCredentials,
    retryBaseDelayMs: 1,
    onCall: (info) => calls.push(info),
    ...overrides,
  });
}

const options = (budgetMs = 2000) => ({ deadline: new Deadline(budgetMs) });

describe('ClientTetherClient requests', () => {
  it('sends both credential headers and the phone as a query parameter', async () => {
    // Prepare
    server.respondWith(() => success([{ client_id: '42', external_id: 'e' }]));

    // Act
    const matches = await makeClient().findByPhone(PHONE, options());

    // Assess
    expect(matches).toEqual([{ clientId: '42', externalId: 'e' }]);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url.pathname).toBe('/v2/api/read_client_exist');
    expect(request?.url.search).toBe(`?phone=${PHONE}`);
    expect(request?.headers['x-access-token']).toBe(TOKEN);
    expect(request?.headers['x-web-key']).toBe(WEB_KEY);
  });

  it('looks up by e-mail with the address URL-encoded', async () => {
    // Prepare
    server.respondWith(() => success([{ client_id: 7 }]));

    // Act
    const matches = await makeClient().findByEmail(
      'a+b@example.com',
      options(),
    );

    // Assess
    expect(matches).toEqual([{ clientId: '7', externalId: null }]);
    expect(server.requests[0]?.url.searchParams.get('email')).toBe(
      'a+b@example.com',
    );
  });

  it('returns no matches when the look-up finds nothing', async () => {
    // Prepare
    server.respondWith(() => ({ body: { ResultCode: 'CT515' } }));

    // Act
    const matches = await makeClient().findByPhone(PHONE, options());

    // Assess
    expect(matches).toEqual([]);
  });

  it('reads a client by id with the id as an encoded path segment', async () => {
    // Prepare
    server.respondWith(() => success([{ client_id: '9/1', firstName: 'Ada' }]));

    // Act
    const record = await makeClient().readById('9/1', options());

    // Assess
    expect(record).toEqual({ client_id: '9/1', firstName: 'Ada' });
    expect(server.requests[0]?.url.pathname).toBe(
      '/v2/api/read_client_by_id/9%2F1',
    );
  });

  it('throws ClientNotFoundError when the id is unknown', async () => {
    // Prepare
    server.respondWith(() => ({ body: { resultCode: 'CT200', data: [] } }));

    // Act
    const reading = makeClient().readById('1', options());

    // Assess
    await expect(reading).rejects.toBeInstanceOf(ClientNotFoundError);
  });

  it('sends create fields as query parameters with an empty body', async () => {
    // Prepare
    server.respondWith(() => success([{ client_id: '100' }]));

    // Act
    const result = await makeClient().create(
      { firstName: 'Ada', lastName: 'Lovelace' },
      options(),
    );

    // Assess
    expect(result).toEqual({ resultCode: 'CT200', clientId: '100' });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url.pathname).toBe('/v2/api/create_client');
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    expect(request?.body).toBe('');
  });

  it('sends update fields and client_id as a JSON body in json mode', async () => {
    // Prepare
    server.respondWith(() => success());

    // Act
    const result = await makeClient({ postEncoding: 'json' }).update(
      '42',
      { city: 'Austin' },
      options(),
    );

    // Assess
    expect(result).toEqual({ resultCode: 'CT200' });
    const [request] = server.requests;
    expect(request?.url.pathname).toBe('/v2/api/update_client_by_id');
    expect(request?.url.search).toBe('');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      city: 'Austin',
      client_id: '42',
    });
  });

  it('deletes by id and by external id with DELETE', async () => {
    // Prepare
    server.respondWith(() => success([{ client_id: '5' }]));
    const client = makeClient();

    // Act
    await client.deleteById('5', options());
    const byExternal = await client.deleteByExternalId('ext-5', options());

    // Assess
    expect(byExternal).toEqual({ resultCode: 'CT200', clientId: '5' });
    expect(
      server.requests.map(
        (r) => `${r.method} ${r.url.pathname}${r.url.search}`,
      ),
    ).toEqual([
      'DELETE /v2/api/delete_client_by_id?client_id=5',
      'DELETE /v2/api/delete_client_by_external_id?external_id=ext-5',
    ]);
  });

  it('never puts credentials in the URL or the body', async () => {
    // Prepare
    server.respondWith(() => success([{ client_id: '1' }]));

    // Act
    await makeClient({ postEncoding: 'json' }).create(
      { firstName: 'A', lastName: 'B' },
      options(),
    );

    // Assess
    const [request] = server.requests;
    const visible = `${request?.url.toString()} ${request?.body}`;
    expect(visible).not.toContain(TOKEN);
    expect(visible).not.toContain(WEB_KEY);
  });
});

describe('ClientTetherClient failures', () => {
  it.each([
    ['an HTML page with HTTP 200', { body: '<html>oops</html>' }],
    ['an empty body', { body: '' }],
    ['HTTP 503', { status: 503, body: 'down' }],
    ['CT500', { body: { ResultCode: 'CT500' } }],
    ['a dropped connection', { destroy: true }],
  ])('throws ClientTetherUnavailableError on %s', async (_label, answer) => {
    // Prepare
    server.respondWith(() => answer);

    // Act
    const creating = makeClient().create(
      { firstName: 'A', lastName: 'B' },
      options(),
    );

    // Assess
    await expect(creating).rejects.toBeInstanceOf(ClientTetherUnavailableError);
    expect(server.requests).toHaveLength(1);
  });

  it('throws ClientTetherRejectedError carrying HTTP404 on an HTML 404', async () => {
    // Prepare
    server.respondWith(() => ({
      status: 404,
      body: '<html>Not Found</html>',
      contentType: 'text/html',
    }));

    // Act
    const reading = makeClient().findByPhone(PHONE, options());

    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'ClientTetherRejectedError',
      resultCode: 'HTTP404',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('throws DuplicateClientError on CT520 without retrying', async () => {
    // Prepare
    server.respondWith(() => ({ body: { resultCode: 'CT_520' } }));

    // Act
    const creating = makeClient().create(
      { firstName: 'A', lastName: 'B' },
      options(),
    );

    // Assess
    await expect(creating).rejects.toBeInstanceOf(DuplicateClientError);
    expect(server.requests).toHaveLength(1);
  });

  it('logs CT501 loudly, naming credentials as a possible cause', async () => {
    // Prepare
    server.respondWith(() => ({ body: { ResultCode: 'CT501' } }));

    // Act
    const creating = makeClient().create({ firstName: 'A' }, options());

    // Assess
    await expect(creating).rejects.toBeInstanceOf(ClientTetherRejectedError);
    expect(warnSpy).toHaveBeenCalledTimes(1);
    expect(String(warnSpy.mock.calls[0]?.[0])).toContain('credentials');
  });
});

describe('ClientTetherClient retries and timeouts', () => {
  it('retries a read while ClientTether is unavailable', async () => {
    // Prepare
    server.respondWith((_request, index) =>
      index < 2 ? { status: 500, body: 'boom' } : success([{ client_id: '1' }]),
    );

    // Act
    const matches = await makeClient().findByPhone(PHONE, options());

    // Assess
    expect(matches).toHaveLength(1);
    expect(calls.map((c) => c.outcome)).toEqual([
      'unavailable',
      'unavailable',
      'ok',
    ]);
  });

  it('gives up a read after maxAttempts', async () => {
    // Prepare
    server.respondWith(() => ({ status: 502, body: 'bad gateway' }));

    // Act
    const reading = makeClient({ maxAttempts: 2 }).findByPhone(
      PHONE,
      options(),
    );

    // Assess
    await expect(reading).rejects.toBeInstanceOf(ClientTetherUnavailableError);
    expect(server.requests).toHaveLength(2);
  });

  it('never retries a write that found ClientTether unavailable', async () => {
    // Prepare
    server.respondWith(() => ({ status: 500, body: 'boom' }));

    // Act
    const updating = makeClient().update('1', { city: 'X' }, options());

    // Assess
    await expect(updating).rejects.toBeInstanceOf(ClientTetherUnavailableError);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a rejected read', async () => {
    // Prepare
    server.respondWith(() => ({ body: { ResultCode: 'CT400' } }));

    // Act
    const reading = makeClient().findByEmail(EMAIL, options());

    // Assess
    await expect(reading).rejects.toBeInstanceOf(ClientTetherRejectedError);
    expect(server.requests).toHaveLength(1);
  });

  it('throws ClientTetherTimeoutError when an attempt outlives its timeout', async () => {
    // Prepare
    server.respondWith(() => ({ hang: true }));
    const startedAt = Date.now();

    // Act
    const deleting = makeClient({ requestTimeoutMs: 100 }).deleteById(
      '1',
      options(),
    );

    // Assess
    await expect(deleting).rejects.toBeInstanceOf(ClientTetherTimeoutError);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });

  it('throws ClientTetherTimeoutError when the body stalls midway', async () => {
    // Prepare
    server.respondWith(() => ({ stall: true }));

    // Act
    const creating = makeClient({ requestTimeoutMs: 100 }).create(
      { firstName: 'A', lastName: 'B' },
      options(),
    );

    // Assess
    await expect(creating).rejects.toBeInstanceOf(ClientTetherTimeoutError);
    expect(calls).toEqual([
      expect.objectContaining({ httpStatus: 200, outcome: 'timeout' }),
    ]);
  });

  it('caps an attempt at the time the deadline has left', async () => {
    // Prepare
    server.respondWith(() => ({ hang: true }));
    const startedAt = Date.now();

    // Act
    const reading = makeClient({ requestTimeoutMs: 5000 }).findByPhone(
      PHONE,
      options(150),
    );

    // Assess
    await expect(reading).rejects.toBeInstanceOf(ClientTetherTimeoutError);
    expect(Date.now() - startedAt).toBeLessThan(600);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a timed-out read only while the deadline leaves room', async () => {
    // Prepare
    server.respondWith((_request, index) =>
      index === 0 ? { hang: true } : success([{ client_id: '3' }]),
    );

    // Act
    const matches = await makeClient({
      requestTimeoutMs: 100,
      minAttemptMs: 50,
    }).findByPhone(PHONE, options(1000));

    // Assess
    expect(matches).toEqual([{ clientId: '3', externalId: null }]);
    expect(calls.map((c) => c.outcome)).toEqual(['timeout', 'ok']);
  });

  it('does not start a retry the deadline has no room for', async () => {
    // Prepare
    server.respondWith(() => ({ status: 500, body: 'boom', delayMs: 50 }));

    // Act
    const reading = makeClient({ minAttemptMs: 500 }).findByPhone(
      PHONE,
      options(400),
    );

    // Assess
    await expect(reading).rejects.toBeInstanceOf(ClientTetherUnavailableError);
    expect(server.requests).toHaveLength(1);
  });

  it('throws ClientTetherTimeoutError without calling once the deadline is spent', async () => {
    // Prepare
    const deadline = new Deadline(0);

    // Act
    const reading = makeClient().findByPhone(PHONE, { deadline });

    // Assess
    await expect(reading).rejects.toBeInstanceOf(ClientTetherTimeoutError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('ClientTetherClient credentials', () => {
  it('fetches credentials again once and repeats a write after a 401', async () => {
    // Prepare
    const provider = jest.fn<
      ReturnType<CredentialsProvider>,
      Parameters<CredentialsProvider>
    >(async ({ refresh }) => ({
      accessToken: refresh ? 'fresh-token' : 'stale-token',
      webKey: WEB_KEY,
    }));
    server.respondWith((request) =>
      request.headers['x-access-token'] === 'fresh-token'
        ? success([{ client_id: '8' }])
        : { status: 401, body: 'no' },
    );

    // Act
    const result = await makeClient({ credentials: provider }).create(
      { firstName: 'A', lastName: 'B' },
      options(),
    );

    // Assess
    expect(result.clientId).toBe('8');
    expect(provider.mock.calls.map(([o]) => o.refresh)).toEqual([false, true]);
    expect(server.requests).toHaveLength(2);
  });

  it('throws CredentialsRejectedError when fresh credentials are refused too', async () => {
    // Prepare
    server.respondWith(() => ({ status: 403, body: 'forbidden' }));

    // Act
    const reading = makeClient().findByPhone(PHONE, options());

    // Assess
    await expect(reading).rejects.toBeInstanceOf(CredentialsRejectedError);
    expect(server.requests).toHaveLength(2);
  });
});

describe('ClientTetherClient connections and logs', () => {
  it('reuses one connection across calls and client instances', async () => {
    // Prepare
    server.respondWith(() => success([{ client_id: '1' }]));

    // Act
    for (let i = 0; i < 3; i += 1) {
      const client = makeClient();
      await client.findByPhone(PHONE, options());
      await client.update('1', { city: 'X' }, options());
    }
    await makeClient()
      .findByPhone(PHONE, options())
      .catch(() => undefined);
    server.respondWith(() => ({ status: 500, body: 'boom' }));
    await makeClient({ maxAttempts: 1 })
      .findByPhone(PHONE, options())
      .catch(() => undefined);
    server.respondWith(() => ({ body: 'x'.repeat(200_000) }));
    await makeClient({ maxAttempts: 1 })
      .findByPhone(PHONE, options())
      .catch(() => undefined);
    server.respondWith(() => success([{ client_id: '1' }]));
    await makeClient().findByPhone(PHONE, options());

    // Assess
    expect(server.requests).toHaveLength(10);
    expect(server.socketCount()).toBe(1);
  });

  it('logs each attempt once with timings and never a credential or contact', async () => {
    // Prepare
    server.respondWith((_request, index) =>
      index === 0
        ? { status: 500, body: 'boom' }
        : success([{ client_id: '1' }]),
    );

    // Act
    await makeClient().findByPhone(PHONE, options());
    await makeClient().findByEmail(EMAIL, options());

    // Assess
    expect(infoSpy).toHaveBeenCalledTimes(3);
    expect(infoSpy.mock.calls[0]).toEqual([
      'ClientTether call',
      expect.objectContaining({
        call: 'read_client_exist',
        httpStatus: 500,
        attempt: 1,
        outcome: 'unavailable',
        durationMs: expect.any(Number),
      }),
    ]);
    expect(infoSpy.mock.calls[0]?.[1]).toMatchObject({
      lookup: 'phone *4567',
    });
    expect(infoSpy.mock.calls[1]?.[1]).toMatchObject({
      httpStatus: 200,
      resultCode: 'CT200',
      attempt: 2,
      outcome: 'ok',
    });
    const logged = JSON.stringify([infoSpy.mock.calls, warnSpy.mock.calls]);
    for (const secret of [TOKEN, WEB_KEY, PHONE, EMAIL]) {
      expect(logged).not.toContain(secret);
    }
  });
});
