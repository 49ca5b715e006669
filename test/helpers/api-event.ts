import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { lambdaContextFor, requestIdentity } from '../../local/events';

/** Options for a hand-made API Gateway REST (v1) proxy event. */
export interface ApiEventOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  isBase64Encoded?: boolean;
  requestId?: string;
  apiKeyId?: string;
  query?: Record<string, string>;
}

/**
 * An API Gateway REST proxy event as the gateway hands it to Lambda.
 * Objects become JSON text; strings are sent as they are.
 */
export function apiEvent(
  body: unknown,
  options: ApiEventOptions = {},
): APIGatewayProxyEvent {
  const method = options.method ?? 'POST';
  const path = options.path ?? '/check-client';
  const requestId = options.requestId ?? randomUUID();
  const text =
    body === undefined || body === null
      ? null
      : typeof body === 'string'
        ? body
        : JSON.stringify(body);

  return {
    resource: path,
    path,
    httpMethod: method,
    headers: { 'Content-Type': 'application/json', ...options.headers },
    multiValueHeaders: {},
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: text,
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'test-api',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: method,
      path: `/test${path}`,
      stage: 'test',
      requestId,
      requestTime: new Date().toUTCString(),
      requestTimeEpoch: Date.now(),
      resourceId: 'resource',
      resourcePath: path,
      identity: requestIdentity({
        apiKey: null,
        apiKeyId: options.apiKeyId ?? null,
        sourceIp: '127.0.0.1',
        userAgent: 'test',
      }),
    },
  };
}

/** A Lambda context good enough for middy and Powertools. */
export function lambdaContext(functionName = 'test-function'): Context {
  return lambdaContextFor({ functionName, timeoutMs: 10_000 });
}
