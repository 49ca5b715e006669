import {
  encodeBody,
  formatRequestTime,
  fromProxyResult,
  lambdaContextFor,
  toProxyEvent,
} from '../../local/events';

describe('formatRequestTime', () => {
  it('writes the time as API Gateway does, in UTC', () => {
    // Act
    const text = formatRequestTime(new Date('2026-12-03T17:30:05.123Z'));

    // Assess
    expect(text).toBe('03/Dec/2026:17:30:05 +0000');
  });
});

describe('encodeBody', () => {
  it('returns null for an empty body', () => {
    expect(encodeBody(Buffer.alloc(0), 'application/json')).toEqual({
      text: null,
      isBase64Encoded: false,
    });
  });

  it('keeps UTF-8 text as text, whatever the content type says', () => {
    // Act
    const body = encodeBody(Buffer.from('{"name":"Zoë"}'), undefined);

    // Assess
    expect(body).toEqual({ text: '{"name":"Zoë"}', isBase64Encoded: false });
  });

  it.each([
    ['bytes that are not UTF-8', Buffer.from([0xc3, 0x28]), 'text/plain'],
    ['a binary content type', Buffer.from('abc'), 'Application/Octet-Stream'],
    ['an image', Buffer.from('abc'), 'image/png'],
  ])('base64-encodes %s', (_, bytes, contentType) => {
    // Act
    const body = encodeBody(bytes, contentType);

    // Assess
    expect(body).toEqual({
      text: bytes.toString('base64'),
      isBase64Encoded: true,
    });
  });
});

describe('toProxyEvent', () => {
  const receivedAt = new Date('2026-12-03T17:30:00Z');

  it('groups repeated headers and keeps the last one as the single value', () => {
    // Act
    const event = toProxyEvent(
      {
        method: 'POST',
        url: '/check-client',
        rawHeaders: [
          'Accept',
          'a',
          'accept',
          'b',
          'X-Forwarded-For',
          '1.2.3.4',
        ],
        body: Buffer.alloc(0),
        sourceIp: '127.0.0.1',
      },
      {
        resource: '/check-client',
        requestId: 'req-1',
        identity: { apiKey: 'k', apiKeyId: 'local-operator' },
        receivedAt,
      },
    );

    // Assess
    expect(event.headers).toMatchObject({
      Accept: 'b',
      'X-Forwarded-For': '1.2.3.4',
      'X-Forwarded-Proto': 'http',
    });
    expect(event.multiValueHeaders.Accept).toEqual(['a', 'b']);
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
    expect(event.body).toBeNull();
    expect(event.requestContext).toMatchObject({
      requestId: 'req-1',
      requestTime: '03/Dec/2026:17:30:00 +0000',
      requestTimeEpoch: receivedAt.getTime(),
    });
  });
});

describe('lambdaContextFor', () => {
  it('counts the remaining time down from the timeout', () => {
    // Prepare
    jest.useFakeTimers({ now: 1_000_000 });
    const context = lambdaContextFor({
      functionName: 'f',
      timeoutMs: 8000,
    });

    // Act
    jest.setSystemTime(1_003_000);
    const remaining = context.getRemainingTimeInMillis();
    jest.setSystemTime(1_020_000);
    const afterTimeout = context.getRemainingTimeInMillis();
    jest.useRealTimers();

    // Assess
    expect(remaining).toBe(5000);
    expect(afterTimeout).toBe(0);
    expect(context.invokedFunctionArn).toContain(':function:f');
  });
});

describe('fromProxyResult', () => {
  it('keeps multi-value headers as lists', () => {
    // Act
    const response = fromProxyResult({
      statusCode: 200,
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
      body: 'ok',
    });

    // Assess
    expect(response.headers['Set-Cookie']).toEqual(['a=1', 'b=2']);
    expect(response.body.toString()).toBe('ok');
  });
});
