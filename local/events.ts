import { randomUUID } from 'node:crypto';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Context,
} from 'aws-lambda';

/** Stage name of the local API, as it appears in `requestContext`. */
export const LOCAL_STAGE = 'local';

/** An HTTP request as the local server received it. */
export interface ReceivedRequest {
  method: string;
  /** The request target: path and query string. */
  url: string;
  /** Header names and values in arrival order, names as sent. */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
}

/** Who called, as the API key check decided. */
export interface CallerIdentity {
  apiKey: string | null;
  apiKeyId: string | null;
}

/** What the event needs to know beyond the request. */
export interface EventTarget {
  /** The route's resource path, e.g. `/check-client`. */
  resource: string;
  requestId: string;
  identity: CallerIdentity;
  receivedAt: Date;
}

/** An answer to write back: status, headers and raw body bytes. */
export interface LocalResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

// Content types whose bodies API Gateway would hand over base64-encoded
// once they are listed as binary media types.
const BINARY_TYPES = [
  /^application\/octet-stream\b/,
  /^application\/(zip|gzip|pdf)\b/,
  /^(image|audio|video)\//,
];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns an HTTP request into the API Gateway REST (v1) proxy event that
 * Lambda would receive for it.
 */
export function toProxyEvent(
  request: ReceivedRequest,
  target: EventTarget,
): APIGatewayProxyEvent {
  const url = new URL(request.url, 'http://local');
  const headers = groupHeaders(request.rawHeaders, request.sourceIp);
  const query = groupQuery(url.searchParams);
  const body = encodeBody(request.body, lastValue(headers, 'content-type'));
  const { receivedAt, identity } = target;

  return {
    resource: target.resource,
    path: url.pathname,
    httpMethod: request.method,
    headers: singleValues(headers),
    multiValueHeaders: headers,
    queryStringParameters: query ? singleValues(query) : null,
    multiValueQueryStringParameters: query,
    pathParameters: null,
    stageVariables: null,
    body: body.text,
    isBase64Encoded: body.isBase64Encoded,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      path: `/${LOCAL_STAGE}${url.pathname}`,
      stage: LOCAL_STAGE,
      requestId: target.requestId,
      requestTime: formatRequestTime(receivedAt),
      requestTimeEpoch: receivedAt.getTime(),
      resourceId: 'local',
      resourcePath: target.resource,
      identity: requestIdentity({
        apiKey: identity.apiKey,
        apiKeyId: identity.apiKeyId,
        sourceIp: request.sourceIp,
        userAgent: lastValue(headers, 'user-agent') ?? null,
      }),
    },
  };
}

/** What API Gateway tells a function about the caller of a request. */
export function requestIdentity(caller: {
  apiKey: string | null;
  apiKeyId: string | null;
  sourceIp: string;
  userAgent: string | null;
}): APIGatewayProxyEvent['requestContext']['identity'] {
  return {
    accessKey: null,
    accountId: null,
    apiKey: caller.apiKey,
    apiKeyId: caller.apiKeyId,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: caller.sourceIp,
    user: null,
    userAgent: caller.userAgent,
    userArn: null,
  };
}

/** A time as API Gateway writes `requestTime`: `03/Dec/2026:17:30:00 +0000`. */
export function formatRequestTime(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const day = two(date.getUTCDate());
  const month = MONTHS[date.getUTCMonth()];
  const time = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    .map(two)
    .join(':');

  return `${day}/${month}/${date.getUTCFullYear()}:${time} +0000`;
}

/**
 * The body as the event carries it: text when it is UTF-8 text, base64
 * otherwise; `null` when there is none.
 */
export function encodeBody(
  bytes: Buffer,
  contentType: string | undefined,
): { text: string | null; isBase64Encoded: boolean } {
  if (bytes.length === 0) {
    return { text: null, isBase64Encoded: false };
  }

  const type = (contentType ?? '').trim().toLowerCase();
  if (BINARY_TYPES.some((pattern) => pattern.test(type))) {
    return { text: bytes.toString('base64'), isBase64Encoded: true };
  }

  try {
    return { text: utf8.decode(bytes), isBase64Encoded: false };
  } catch {
    return { text: bytes.toString('base64'), isBase64Encoded: true };
  }
}

/** Options of a Lambda context for one invocation. */
export interface ContextOptions {
  functionName: string;
  timeoutMs: number;
  memoryMb?: number;
}

/**
 * A Lambda context whose remaining time counts down from the function
 * timeout, as it does in Lambda.
 */
export function lambdaContextFor(options: ContextOptions): Context {
  const { functionName, timeoutMs } = options;
  const endsAt = Date.now() + timeoutMs;
  const arn = `arn:aws:lambda:local:000000000000:function:${functionName}`;

  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: arn,
    memoryLimitInMB: String(options.memoryMb ?? 512),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${functionName}`,
    getRemainingTimeInMillis: () => Math.max(0, endsAt - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Turns a handler's proxy result into the HTTP answer; a base64 body is
 * decoded, as API Gateway does for binary answers.
 */
export function fromProxyResult(result: APIGatewayProxyResult): LocalResponse {
  const headers: Record<string, string | string[]> = {};

  for (const [name, value] of Object.entries(result.headers ?? {})) {
    headers[name] = String(value);
  }
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    headers[name] = values.map(String);
  }

  const body = Buffer.from(
    result.body ?? '',
    result.isBase64Encoded ? 'base64' : 'utf8',
  );

  return { statusCode: result.statusCode, headers, body };
}

/**
 * Header values by name; names keep their first spelling, repeats of a
 * name in another case join it. The proxy headers API Gateway adds are
 * filled in when the caller did not send them.
 */
function groupHeaders(
  rawHeaders: readonly string[],
  sourceIp: string,
): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  const spelling = new Map<string, string>();

  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as string;
    const value = rawHeaders[index + 1] as string;
    const key = spelling.get(name.toLowerCase()) ?? name;
    spelling.set(name.toLowerCase(), key);
    grouped[key] = [...(grouped[key] ?? []), value];
  }

  if (!spelling.has('x-forwarded-for')) {
    grouped['X-Forwarded-For'] = [sourceIp];
  }
  if (!spelling.has('x-forwarded-proto')) {
    grouped['X-Forwarded-Proto'] = ['http'];
  }

  return grouped;
}

function groupQuery(params: URLSearchParams): Record<string, string[]> | null {
  const grouped: Record<string, string[]> = {};

  for (const [name, value] of params) {
    grouped[name] = [...(grouped[name] ?? []), value];
  }

  return Object.keys(grouped).length === 0 ? null : grouped;
}

/** The last value of each name, as API Gateway's single-value maps hold. */
function singleValues(
  grouped: Record<string, string[]>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(grouped).map(([name, values]) => [name, values.at(-1)]),
  ) as Record<string, string>;
}

function lastValue(
  grouped: Record<string, string[]>,
  name: string,
): string | undefined {
  const key = Object.keys(grouped).find((key) => key.toLowerCase() === name);

  return key === undefined ? undefined : grouped[key]?.at(-1);
}
