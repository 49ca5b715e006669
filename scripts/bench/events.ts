import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { lambdaContextFor, requestIdentity } from '../../local/events';

/** One API request to replay: the route and its JSON body. */
export interface BenchRequest {
  path: '/check-client' | '/create-update-client' | '/delete-client';
  body: Record<string, unknown>;
}

/** The handler that answers each route, as the stack wires them. */
export const HANDLER_OF_PATH = {
  '/check-client': 'check-client',
  '/create-update-client': 'create-update-client',
  '/delete-client': 'delete-client',
} as const;

/** Name of an API handler. */
export type ApiHandlerName = (typeof HANDLER_OF_PATH)[BenchRequest['path']];

/** The API handlers, in report order. */
export const API_HANDLERS: readonly ApiHandlerName[] = [
  'check-client',
  'create-update-client',
  'delete-client',
];

/**
 * The API Gateway REST (v1) proxy event Lambda receives for a request,
 * with a fresh request id, as a deployed stage would send it.
 */
export function proxyEventFor(request: BenchRequest): APIGatewayProxyEvent {
  const now = new Date();
  const requestId = randomUUID();

  return {
    resource: request.path,
    path: request.path,
    httpMethod: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Bland/1.0',
      'X-Forwarded-Proto': 'https',
    },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: JSON.stringify(request.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: 'POST',
      path: `/bench${request.path}`,
      stage: 'bench',
      requestId,
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      resourceId: 'bench',
      resourcePath: request.path,
      identity: requestIdentity({
        apiKey: null,
        apiKeyId: null,
        sourceIp: '127.0.0.1',
        userAgent: 'Bland/1.0',
      }),
    },
  };
}

/** A Lambda context whose remaining time counts down from `timeoutMs`. */
export function benchContext(functionName: string, timeoutMs = 8000): Context {
  return lambdaContextFor({ functionName, timeoutMs });
}
