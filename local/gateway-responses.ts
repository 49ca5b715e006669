import type { ErrorCode, ErrorResponse } from '../lambda/shared/api/responses';
import type { LocalResponse } from './events';

/** Why the gateway answered by itself instead of calling a handler. */
export type GatewayFailure =
  | 'invalid_api_key'
  | 'unknown_route'
  | 'method_not_allowed'
  | 'request_too_large'
  | 'integration_failure';

interface GatewayAnswer {
  statusCode: number;
  error: ErrorCode;
  message: string;
}

/**
 * The gateway's own answers, in the contract's error shape and with the
 * messages the deployed API's gateway responses use.
 */
const GATEWAY_ANSWERS: Record<GatewayFailure, GatewayAnswer> = {
  invalid_api_key: {
    statusCode: 403,
    error: 'forbidden',
    message: 'The API key is missing or not valid.',
  },
  unknown_route: {
    statusCode: 404,
    error: 'not_found',
    message: 'There is no such endpoint for this method.',
  },
  method_not_allowed: {
    statusCode: 405,
    error: 'method_not_allowed',
    message: 'This endpoint does not accept that method.',
  },
  request_too_large: {
    statusCode: 413,
    error: 'payload_too_large',
    message: 'The request body is too large.',
  },
  integration_failure: {
    statusCode: 502,
    error: 'upstream_error',
    message: 'The service could not complete the request.',
  },
};

/** A gateway answer as an HTTP response, with the request's id. */
export function gatewayResponse(
  failure: GatewayFailure,
  requestId: string,
  headers: Record<string, string> = {},
): LocalResponse {
  const { statusCode, error, message } = GATEWAY_ANSWERS[failure];
  const body: ErrorResponse = {
    success: false,
    error,
    message,
    request_id: requestId,
  };

  return jsonResponse(statusCode, body, headers);
}

/** A JSON answer of the local server itself. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): LocalResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}
