import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Context,
} from 'aws-lambda';
import type { z } from 'zod';
import { ClientTetherTimeoutError } from '../clienttether/errors';
import { clientTetherFor } from '../clienttether/for-request';
import type { ClientTetherApi } from '../clienttether/types';
import { Deadline } from '../deadline';
import { resolveLocation } from '../location-access';
import { logger } from '../logger';
import { readSettings, type Settings } from '../settings';
import { parseBody } from './body';
import { toErrorAnswer } from './error-response';
import { validateInput } from './validate';

/** What an operation gets besides its validated input. */
export interface RequestContext {
  requestId: string;
  lambdaContext: Context;
  callId?: string;
  locationId?: string;
  deadline: Deadline;
  settings: Settings;
  clienttether: ClientTetherApi;
}

/** A successful answer before `success` and `request_id` are added. */
export interface OperationResult {
  statusCode: number;
  body: { message: string } & Record<string, unknown>;
  /** Short word for the request's summary log line, e.g. `found`. */
  outcome: string;
}

/** Fields every endpoint's input carries. */
export interface CommonInput {
  call_id?: string;
  location_id?: string;
}

type InputSchema = z.ZodType<CommonInput>;

/** One endpoint: its name, its input schema and what it does. */
export interface Endpoint<Schema extends InputSchema> {
  operation: string;
  schema: Schema;
  run: (
    input: z.infer<Schema>,
    context: RequestContext,
  ) => Promise<OperationResult>;
}

type ApiEvent = APIGatewayProxyEvent;

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/**
 * Wraps an endpoint in the middleware every handler shares: log context,
 * header normalisation, then one function that parses, cleans, validates,
 * runs the operation within the deadline and maps any failure to its
 * answer.
 */
export function createApiHandler<Schema extends InputSchema>(
  endpoint: Endpoint<Schema>,
) {
  const handle = async (
    event: ApiEvent,
    context: Context,
  ): Promise<APIGatewayProxyResult> => {
    const started = performance.now();
    const requestId = requestIdOf(event, context);
    logger.appendKeys({ request_id: requestId, operation: endpoint.operation });
    logger.setCorrelationId(requestId);

    const { statusCode, body, headers, outcome } = await answerRequest(
      endpoint,
      event,
      context,
    );

    logger.info('Request finished', {
      statusCode,
      outcome,
      durationMs: Math.round(performance.now() - started),
    });

    return {
      statusCode,
      headers: { ...JSON_HEADERS, ...headers },
      body: JSON.stringify({ ...body, request_id: requestId }),
    };
  };

  // Middy's own early-timeout timer is off: the request deadline below is
  // shorter than the Lambda timeout and yields a contract answer instead.
  return middy<ApiEvent, APIGatewayProxyResult, Error, Context>(handle, {
    timeoutEarlyInMillis: 0,
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer());
}

interface Answer {
  statusCode: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  outcome: string;
}

async function answerRequest<Schema extends InputSchema>(
  endpoint: Endpoint<Schema>,
  event: ApiEvent,
  lambdaContext: Context,
): Promise<Answer> {
  try {
    const input = validateInput(endpoint.schema, parseBody(event));
    const context = requestContextFor(input, event, lambdaContext);
    const result = await withinDeadline(
      endpoint.run(input, context),
      context.deadline,
    );

    return {
      statusCode: result.statusCode,
      body: { success: true, ...result.body },
      outcome: result.outcome,
    };
  } catch (error) {
    const failure = toErrorAnswer(error);

    return { ...failure, outcome: failure.body.error };
  }
}

function requestContextFor(
  input: CommonInput,
  event: ApiEvent,
  lambdaContext: Context,
): RequestContext {
  const settings = readSettings();
  const deadline = new Deadline(settings.deadlineMs);
  const callId = input.call_id;
  if (callId) {
    logger.appendKeys({ call_id: callId });
    logger.setCorrelationId(callId);
  }

  const locationId = resolveLocation(
    input.location_id,
    event.requestContext?.identity?.apiKeyId,
    settings.apiKeyLocations,
  );
  logger.appendKeys({ location_id: locationId });

  return {
    requestId: requestIdOf(event, lambdaContext),
    lambdaContext,
    callId,
    locationId,
    deadline,
    settings,
    clienttether: clientTetherFor(settings, locationId),
  };
}

/** API Gateway's id of the request: the one its access log shows too. */
function requestIdOf(event: ApiEvent, lambdaContext: Context): string {
  return event.requestContext?.requestId ?? lambdaContext.awsRequestId;
}

/**
 * Settles with the operation, or with a timeout once the deadline passes.
 * Upstream calls already stop at the deadline; this also covers time
 * spent anywhere else, such as a slow credentials fetch.
 */
async function withinDeadline<T>(
  work: Promise<T>,
  deadline: Deadline,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ClientTetherTimeoutError('request')),
      deadline.remainingMs(),
    );
  });

  try {
    return await Promise.race([work, expiry]);
  } finally {
    clearTimeout(timer);
  }
}
