/**
 * Typed failures of ClientTether calls, so a handler maps an outcome to an
 * HTTP answer with `instanceof` rather than by matching message text.
 *
 * Messages never contain credentials or a caller's personal data: they may
 * end up in logs.
 */
export abstract class ClientTetherError extends Error {
  /** The ClientTether call that failed, such as `create_client`. */
  public readonly call: string;

  /** The normalised result code (`CT515`), when ClientTether sent one. */
  public readonly resultCode?: string;

  protected constructor(
    message: string,
    call: string,
    resultCode?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
    this.call = call;
    this.resultCode = resultCode;
  }
}

/** The record asked for does not exist (CT515 and its look-alikes). */
export class ClientNotFoundError extends ClientTetherError {
  public constructor(call: string, resultCode?: string) {
    super('ClientTether found no such client', call, resultCode);
  }
}

/** A delete refused because the client still has related records (CT512). */
export class ClientInUseError extends ClientTetherError {
  public constructor(call: string, resultCode = 'CT512') {
    super('ClientTether refused: the client is still in use', call, resultCode);
  }
}

/** `create_client` refused by the account's duplicate check (CT520). */
export class DuplicateClientError extends ClientTetherError {
  public constructor(call: string, resultCode = 'CT520') {
    super('ClientTether reports a duplicate client', call, resultCode);
  }
}

/** ClientTether refused the request itself (CT400, CT404, CT501, CT525). */
export class ClientTetherRejectedError extends ClientTetherError {
  public constructor(call: string, resultCode: string) {
    super(
      `ClientTether rejected the request (${resultCode})`,
      call,
      resultCode,
    );
  }
}

/**
 * ClientTether could not serve the request: HTTP 5xx, CT500, a network
 * error or a body that is not JSON. Safe to retry for reads.
 */
export class ClientTetherUnavailableError extends ClientTetherError {
  /** HTTP status, when a response arrived at all. */
  public readonly httpStatus?: number;

  public constructor(
    call: string,
    reason: string,
    details: { httpStatus?: number; resultCode?: string; cause?: unknown } = {},
  ) {
    super(
      `ClientTether unavailable: ${reason}`,
      call,
      details.resultCode,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.httpStatus = details.httpStatus;
  }
}

/** No answer arrived before the request timeout or the caller's deadline. */
export class ClientTetherTimeoutError extends ClientTetherError {
  public constructor(call: string) {
    super('ClientTether did not answer in time', call);
  }
}

/** ClientTether refused the access token or web key (HTTP 401/403). */
export class CredentialsRejectedError extends ClientTetherError {
  public readonly httpStatus: number;

  public constructor(call: string, httpStatus: number) {
    super('ClientTether rejected the credentials', call);
    this.httpStatus = httpStatus;
  }
}

/**
 * The service is not configured correctly (missing or malformed secret,
 * unknown setting). The message names what is missing, never a value.
 */
export class ConfigurationError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}

/** A `location_id` that has no web key configured. */
export class UnknownLocationError extends Error {
  public readonly locationId: string;

  public constructor(locationId: string) {
    super('No ClientTether account is configured for this location_id');
    this.name = 'UnknownLocationError';
    this.locationId = locationId;
  }
}

/**
 * The credentials could not be fetched for a passing reason (Secrets Manager
 * throttled or unreachable). Unlike `ConfigurationError`, retrying may help.
 */
export class CredentialsUnavailableError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CredentialsUnavailableError';
  }
}
