import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { z } from 'zod';
import { handler as checkClient } from '../../lambda/handlers/check-client';
import { handler as createUpdateClient } from '../../lambda/handlers/create-update-client';
import { handler as deleteClient } from '../../lambda/handlers/delete-client';
import {
  checkClientResponseSchema,
  createUpdateClientQueuedSchema,
  createUpdateClientResponseSchema,
  deleteClientResponseSchema,
  errorResponseSchema,
} from '../../lambda/shared/api/responses';
import {
  type ApiEventOptions,
  apiEvent,
  lambdaContext,
} from '../helpers/api-event';

/** The three public endpoints. */
export type EndpointName = 'check' | 'createUpdate' | 'delete';

type Handler = (
  event: APIGatewayProxyEvent,
  context: ReturnType<typeof lambdaContext>,
) => Promise<APIGatewayProxyResult>;

/** How a test reaches one endpoint and what its answers look like. */
export interface EndpointUnderTest {
  name: EndpointName;
  path: string;
  handler: Handler;
  /** Schema of a success answer with this status. */
  successSchema: (status: number) => z.ZodType;
}

/** The endpoints by name. */
export const ENDPOINTS: Record<EndpointName, EndpointUnderTest> = {
  check: {
    name: 'check',
    path: '/check-client',
    handler: checkClient,
    successSchema: () => checkClientResponseSchema,
  },
  createUpdate: {
    name: 'createUpdate',
    path: '/create-update-client',
    handler: createUpdateClient,
    successSchema: (status) =>
      status === 202
        ? createUpdateClientQueuedSchema
        : createUpdateClientResponseSchema,
  },
  delete: {
    name: 'delete',
    path: '/delete-client',
    handler: deleteClient,
    successSchema: () => deleteClientResponseSchema,
  },
};

/** One answer of a handler, with what a test asserts on. */
export interface Answer {
  event: APIGatewayProxyEvent;
  result: APIGatewayProxyResult;
  /** The parsed body; undefined when it was not JSON. */
  body: Record<string, unknown> | undefined;
  elapsedMs: number;
}

/** Calls an endpoint's exported handler with an API Gateway v1 event. */
export async function invoke(
  endpoint: EndpointUnderTest,
  body: unknown,
  options: ApiEventOptions = {},
): Promise<Answer> {
  const event = apiEvent(body, { path: endpoint.path, ...options });

  return invokeEvent(endpoint, event);
}

/** Calls an endpoint's handler with a ready-made event. */
export async function invokeEvent(
  endpoint: EndpointUnderTest,
  event: APIGatewayProxyEvent,
): Promise<Answer> {
  const started = performance.now();
  const result = await endpoint.handler(event, lambdaContext());
  const elapsedMs = performance.now() - started;

  return { event, result, body: parseJson(result.body), elapsedMs };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);

    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What is wrong with an answer as the contract sees it: JSON with
 * `Content-Type: application/json`, the request's id, and a body that
 * matches the success schema (2xx) or the error schema (otherwise).
 */
export function contractProblems(
  endpoint: EndpointUnderTest,
  answer: Answer,
): string[] {
  const { result, body, event } = answer;
  const problems: string[] = [];

  if (result.headers?.['Content-Type'] !== 'application/json') {
    problems.push('Content-Type is not application/json');
  }
  if (body === undefined) {
    return [...problems, 'body is not a JSON object'];
  }
  if (body.request_id !== event.requestContext.requestId) {
    problems.push('request_id is not the event request id');
  }

  const ok = result.statusCode >= 200 && result.statusCode < 300;
  const schema = ok
    ? endpoint.successSchema(result.statusCode)
    : errorResponseSchema;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.'));
    problems.push(`${result.statusCode} body off schema at ${paths}`);
  }

  return problems;
}
