import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Context,
} from 'aws-lambda';
import { errorResponseSchema } from '../../lambda/shared/api/responses';
import type { HandlerSet, LocalHandler } from '../../local/routes';
import {
  type AccessLogEntry,
  GATEWAY_MAX_BODY_BYTES,
  type LocalServer,
  startLocalServer,
} from '../../local/server';

interface Invocation {
  name: string;
  event: APIGatewayProxyEvent;
  context: Context;
  remainingMs: number;
}

const invocations: Invocation[] = [];
let answerWith: (event: APIGatewayProxyEvent) => APIGatewayProxyResult;

function recordingHandler(name: string): LocalHandler {
  return async (event, context) => {
    invocations.push({
      name,
      event,
      context,
      remainingMs: context.getRemainingTimeInMillis(),
    });

    return answerWith(event);
  };
}

const handlers: HandlerSet = {
  'check-client': recordingHandler('check-client'),
  'create-update-client': recordingHandler('create-update-client'),
  'delete-client': recordingHandler('delete-client'),
};

function okAnswer(event: APIGatewayProxyEvent): APIGatewayProxyResult {
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      success: true,
      message: 'ok',
      request_id: event.requestContext.requestId,
    }),
  };
}

describe('startLocalServer', () => {
  const accessLog: AccessLogEntry[] = [];
  const env: NodeJS.ProcessEnv = { HANDLER_DEADLINE_MS: '2000' };
  let server: LocalServer;

  beforeAll(async () => {
    server = await startLocalServer({
      port: 0,
      emulator: false,
      handlers,
      apiKey: 'operator-key',
      apiKeys: { 'north-key': 'north', 'south-key': 'south' },
      env,
      onRequest: (entry) => accessLog.push(entry),
    });
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    invocations.length = 0;
    accessLog.length = 0;
    answerWith = okAnswer;
  });

  function send(
    route: string,
    init: RequestInit & { headers?: Record<string, string> } = {},
  ) {
    return fetch(`${server.url}${route}`, {
      method: 'POST',
      ...init,
      headers: { 'x-api-key': 'operator-key', ...init.headers },
    });
  }

  async function errorOf(response: Response) {
    const body = errorResponseSchema.parse(await response.json());
    expect(body.request_id).toBe(response.headers.get('x-amzn-requestid'));

    return body;
  }

  it('hands the handler an API Gateway proxy event of the request', async () => {
    // Act
    const response = await send('/check-client?source=bland&tag=a&tag=b', {
      headers: {
        'Content-Type': 'application/json',
        'X-Trace': 'one',
      },
      body: '{"customer_phone":"3125550101"}',
    });

    // Assess
    expect(response.status).toBe(200);
    const [invocation] = invocations;
    const event = invocation?.event;
    const requestId = response.headers.get('x-amzn-requestid');
    expect(invocation?.name).toBe('check-client');
    expect(event).toMatchObject({
      resource: '/check-client',
      path: '/check-client',
      httpMethod: 'POST',
      body: '{"customer_phone":"3125550101"}',
      isBase64Encoded: false,
      queryStringParameters: { source: 'bland', tag: 'b' },
      multiValueQueryStringParameters: { source: ['bland'], tag: ['a', 'b'] },
      pathParameters: null,
      requestContext: {
        requestId,
        stage: 'local',
        httpMethod: 'POST',
        resourcePath: '/check-client',
        path: '/local/check-client',
        identity: {
          apiKey: 'operator-key',
          apiKeyId: 'local-operator',
          sourceIp: '127.0.0.1',
        },
      },
    });
    expect(event?.headers['Content-Type']).toBe('application/json');
    expect(event?.multiValueHeaders['X-Trace']).toEqual(['one']);
    expect(event?.requestContext.requestTime).toMatch(
      /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/,
    );
    expect(
      Math.abs((event?.requestContext.requestTimeEpoch ?? 0) - Date.now()),
    ).toBeLessThan(5000);
  });

  it('gives every request a fresh request id and Lambda context', async () => {
    // Act
    await send('/check-client', { body: '{}' });
    await send('/check-client', { body: '{}' });

    // Assess
    const [first, second] = invocations;
    expect(first?.event.requestContext.requestId).not.toBe(
      second?.event.requestContext.requestId,
    );
    expect(first?.context.awsRequestId).not.toBe(second?.context.awsRequestId);
    expect(first?.context.functionName).toBe(
      'clienttether-api-local-check-client',
    );
    // The Lambda timeout is the deadline (2 s) plus the stack's margin.
    expect(first?.remainingMs).toBeGreaterThan(4000);
    expect(first?.remainingMs).toBeLessThanOrEqual(5000);
  });

  it('reads the x-api-key header in any letter case', async () => {
    // Act
    const response = await fetch(`${server.url}/create-update-client`, {
      method: 'POST',
      headers: { 'X-API-Key': 'operator-key' },
      body: '{}',
    });

    // Assess
    expect(response.status).toBe(200);
    expect(invocations.map((invocation) => invocation.name)).toEqual([
      'create-update-client',
    ]);
  });

  it('passes the id of a location key and maps it in API_KEY_LOCATIONS', async () => {
    // Act
    await send('/check-client', {
      headers: { 'x-api-key': 'north-key' },
      body: '{}',
    });

    // Assess
    const identity = invocations[0]?.event.requestContext.identity;
    expect(identity?.apiKeyId).toBe('local-key-north');
    expect(JSON.parse(env.API_KEY_LOCATIONS ?? '')).toEqual({
      'local-key-north': 'north',
      'local-key-south': 'south',
    });
  });

  it.each([
    ['no API key', {}],
    ['a wrong API key', { 'x-api-key': 'guess' }],
    ['two keys in one header', { 'x-api-key': 'operator-key, north-key' }],
  ])('returns 403 for %s without calling a handler', async (_, headers) => {
    // Act
    const response = await fetch(`${server.url}/delete-client`, {
      method: 'POST',
      headers,
      body: '{"client_id":"1"}',
    });

    // Assess
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({
      error: 'forbidden',
      message: 'The API key is missing or not valid.',
    });
    expect(invocations).toEqual([]);
    expect(accessLog).toEqual([
      expect.objectContaining({ status: 403, errorType: 'INVALID_API_KEY' }),
    ]);
  });

  it('returns 404 for an unknown route, even with a valid key', async () => {
    // Act
    const response = await send('/clients', { body: '{}' });

    // Assess
    expect(response.status).toBe(404);
    expect((await errorOf(response)).error).toBe('not_found');
    expect(invocations).toEqual([]);
  });

  it('returns 405 with the allowed methods for a wrong method', async () => {
    // Act
    const response = await send('/delete-client', { method: 'PUT' });

    // Assess
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, DELETE');
    expect((await errorOf(response)).error).toBe('method_not_allowed');
    expect(invocations).toEqual([]);
  });

  it('routes DELETE /delete-client and a trailing slash to the handler', async () => {
    // Act
    const deleted = await send('/delete-client', {
      method: 'DELETE',
      body: '{}',
    });
    const slashed = await send('/check-client/', { body: '{}' });

    // Assess
    expect([deleted.status, slashed.status]).toEqual([200, 200]);
    expect(invocations.map((invocation) => invocation.name)).toEqual([
      'delete-client',
      'check-client',
    ]);
  });

  it('passes a body over 16 KiB on to the handler, which enforces it', async () => {
    // Prepare
    const body = JSON.stringify({ notes: 'x'.repeat(17 * 1024) });

    // Act
    const response = await send('/create-update-client', { body });

    // Assess
    expect(response.status).toBe(200);
    expect(invocations[0]?.event.body).toBe(body);
  });

  it('returns 413 for a body over the gateway limit', async () => {
    // Act
    const response = await send('/create-update-client', {
      body: Buffer.alloc(GATEWAY_MAX_BODY_BYTES + 1, 'a'),
    });

    // Assess
    expect(response.status).toBe(413);
    expect((await errorOf(response)).error).toBe('payload_too_large');
    expect(invocations).toEqual([]);
  });

  it('base64-encodes a body that is not UTF-8 text', async () => {
    // Prepare
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);

    // Act
    await send('/check-client', { body: bytes });

    // Assess
    const event = invocations[0]?.event;
    expect(event?.isBase64Encoded).toBe(true);
    expect(Buffer.from(event?.body ?? '', 'base64')).toEqual(bytes);
  });

  it('decodes a base64 answer and keeps its headers', async () => {
    // Prepare
    answerWith = () => ({
      statusCode: 201,
      headers: { 'Content-Type': 'text/plain', 'Retry-After': 3 },
      body: Buffer.from('plain answer').toString('base64'),
      isBase64Encoded: true,
    });

    // Act
    const response = await send('/check-client', { body: '{}' });

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.text()).toBe('plain answer');
  });

  it('returns 502 like API Gateway when the handler throws', async () => {
    // Prepare
    answerWith = () => {
      throw new Error('boom');
    };

    // Act
    const response = await send('/check-client', { body: '{}' });

    // Assess
    expect(response.status).toBe(502);
    expect((await errorOf(response)).error).toBe('upstream_error');
  });

  it('answers GET /health without an API key', async () => {
    // Act
    const response = await fetch(`${server.url}/health`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      success: true,
      endpoints: [
        'POST /check-client',
        'POST /create-update-client',
        'POST /delete-client',
        'DELETE /delete-client',
      ],
    });
  });
});

describe('startLocalServer environment', () => {
  it('sets the handler environment while it runs and restores it on close', async () => {
    // Prepare
    const env: NodeJS.ProcessEnv = {
      DELETE_CLIENT_ENABLED: 'false',
      CLIENTTETHER_SECRET_ID: 'some-secret',
    };

    // Act
    const server = await startLocalServer({
      port: 0,
      handlers,
      env,
      apiKeys: { 'north-key': 'north' },
    });
    const running = { ...env };
    await server.close();

    // Assess
    expect(running).toMatchObject({
      CLIENTTETHER_BASE_URL: server.emulator?.running.baseUrl,
      CLIENTTETHER_ACCESS_TOKEN: 'emulator-access-token',
      CLIENTTETHER_WEB_KEY: 'emulator-web-key',
      DELETE_CLIENT_ENABLED: 'false',
      POWERTOOLS_SERVICE_NAME: 'clienttether-api',
      API_KEY_LOCATIONS: '{"local-key-north":"north"}',
    });
    expect(running.CLIENTTETHER_SECRET_ID).toBeUndefined();
    expect(JSON.parse(running.CLIENTTETHER_LOCATION_WEB_KEYS ?? '')).toEqual({
      main: 'emulator-web-key',
      north: 'emulator-web-key-north',
    });
    expect(env).toEqual({
      DELETE_CLIENT_ENABLED: 'false',
      CLIENTTETHER_SECRET_ID: 'some-secret',
    });
  });

  it('uses the configured ClientTether and starts no emulator when its URL is set', async () => {
    // Prepare
    const env: NodeJS.ProcessEnv = {
      CLIENTTETHER_BASE_URL: 'http://127.0.0.1:9/v2/api',
      CLIENTTETHER_WEB_KEY: 'own-key',
    };

    // Act
    const server = await startLocalServer({ port: 0, handlers, env });
    const running = { ...env };
    await server.close();

    // Assess
    expect(server.emulator).toBeUndefined();
    expect(running).toMatchObject({
      CLIENTTETHER_BASE_URL: 'http://127.0.0.1:9/v2/api',
      CLIENTTETHER_WEB_KEY: 'own-key',
      DELETE_CLIENT_ENABLED: 'true',
    });
  });

  it('rejects when the port is taken', async () => {
    // Prepare
    const first = await startLocalServer({
      port: 0,
      handlers,
      emulator: false,
      env: {},
    });

    // Act
    const second = startLocalServer({ port: first.port, handlers, env: {} });

    // Assess
    await expect(second).rejects.toThrow('EADDRINUSE');
    await first.close();
  });
});
