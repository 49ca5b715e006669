import type { ErrorCode, ErrorResponse } from '../api/responses';
import {
  ClientInUseError,
  ClientNotFoundError,
  ClientTetherError,
  ClientTetherTimeoutError,
  ConfigurationError,
  CredentialsRejectedError,
  CredentialsUnavailableError,
  UnknownLocationError,
} from '../clienttether/errors';
import { logger } from '../logger';
import {
  ForbiddenError,
  PayloadTooLargeError,
  RequestInProgressError,
  RequestValidationError,
} from './errors';

/** A failed answer before the request id is added. */
export interface ErrorAnswer {
  statusCode: number;
  body: Omit<ErrorResponse, 'request_id'>;
  headers?: Record<string, string>;
}

const IN_USE_HINT =
  'Remove or archive the client in ClientTether first: it still has ' +
  'events, action plans, sales cycles or history notes.';

/**
 * Maps any error a request can raise to its answer: the one place where
 * failures become status codes. Unexpected errors are logged with their
 * stack here and answered without it.
 */
export function toErrorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof RequestValidationError) {
    // Field names only: the values are what the caller said, and may be
    // personal data.
    logger.info('Invalid request', {
      invalidFields: error.details.map((detail) => detail.field),
    });

    return answer(400, 'invalid_request', describeInvalid(error), {
      details: error.details,
    });
  }

  if (error instanceof UnknownLocationError) {
    return answer(400, 'invalid_request', 'The location_id is not known.', {
      details: [{ field: 'location_id', problem: 'is not a known location' }],
    });
  }

  if (error instanceof PayloadTooLargeError) {
    return answer(
      413,
      'payload_too_large',
      `The request body is larger than ${error.limitBytes} bytes.`,
    );
  }

  if (error instanceof ForbiddenError) {
    return answer(403, 'forbidden', error.message);
  }

  if (error instanceof RequestInProgressError) {
    return {
      ...answer(
        429,
        'request_in_progress',
        'The same request is still being processed; try again shortly.',
      ),
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
    };
  }

  if (error instanceof ClientTetherError) {
    return upstreamAnswer(error);
  }

  if (error instanceof CredentialsUnavailableError) {
    logger.warn('Secrets Manager could not hand out the credentials', {
      errorCode: 'credentials_unavailable',
      error,
    });

    return answer(
      502,
      'upstream_error',
      'The CRM credentials could not be read just now; try again.',
    );
  }

  if (error instanceof ConfigurationError) {
    logger.error('Service is misconfigured', {
      errorCode: 'configuration_error',
      error,
    });

    return answer(
      500,
      'configuration_error',
      'The service is not configured correctly; an operator must fix it.',
    );
  }

  logger.error('Unexpected error', { errorCode: 'internal_error', error });

  return answer(500, 'internal_error', 'Something went wrong on our side.');
}

function upstreamAnswer(error: ClientTetherError): ErrorAnswer {
  const resultCode = error.resultCode ? { result_code: error.resultCode } : {};

  if (error instanceof ClientNotFoundError) {
    return answer(404, 'not_found', 'No client exists with that id.', {
      ...resultCode,
    });
  }

  if (error instanceof ClientInUseError) {
    return answer(
      409,
      'in_use',
      'The client cannot be deleted while it still has related records.',
      { result_code: error.resultCode ?? 'CT512', hint: IN_USE_HINT },
    );
  }

  if (error instanceof CredentialsRejectedError) {
    logCredentialsRejected(error);

    return answer(
      502,
      'credentials_rejected',
      'The CRM refused our credentials; an operator has been alerted.',
    );
  }

  if (error instanceof ClientTetherTimeoutError) {
    logger.warn('ClientTether did not answer in time', {
      errorCode: 'upstream_timeout',
      call: error.call,
    });

    return answer(
      504,
      'upstream_timeout',
      'The CRM did not answer in time; try again.',
    );
  }

  logger.warn('ClientTether failed the request', {
    errorCode: 'upstream_error',
    call: error.call,
    resultCode: error.resultCode,
    reason: error.name,
  });

  return answer(
    502,
    'upstream_error',
    'The CRM could not complete the request; try again.',
    resultCode,
  );
}

/**
 * Logs a rejection of the credentials that survived a refetch of the
 * secret. The credentials-rejected alarm counts this key: ClientTether
 * regenerates the access token by itself, and only an operator can put
 * the new one into the secret. Bookings queued for this reason log it too.
 */
export function logCredentialsRejected(error: CredentialsRejectedError): void {
  logger.error('ClientTether rejected the credentials after a refetch', {
    errorCode: 'credentials_rejected',
    call: error.call,
    httpStatus: error.httpStatus,
  });
}

function describeInvalid(error: RequestValidationError): string {
  const fields = error.details.map((detail) => detail.field).join(', ');

  return `The request is not valid: check ${fields}.`;
}

function answer(
  statusCode: number,
  error: ErrorCode,
  message: string,
  extra: Partial<ErrorResponse> = {},
): ErrorAnswer {
  return {
    statusCode,
    body: { success: false, error, message, ...extra },
  };
}
