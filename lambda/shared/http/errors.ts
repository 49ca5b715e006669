import type { FieldProblem } from '../api/fields';

/** The request body or its fields failed validation (400). */
export class RequestValidationError extends Error {
  public readonly details: FieldProblem[];

  public constructor(details: FieldProblem[]) {
    super('The request is not valid');
    this.name = 'RequestValidationError';
    this.details = details;
  }
}

/** The request body is larger than the API accepts (413). */
export class PayloadTooLargeError extends Error {
  public readonly limitBytes: number;

  public constructor(limitBytes: number) {
    super(`The request body is larger than ${limitBytes} bytes`);
    this.name = 'PayloadTooLargeError';
    this.limitBytes = limitBytes;
  }
}

/** The caller may not do this here (403). */
export class ForbiddenError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** An identical request is still being processed (429). */
export class RequestInProgressError extends Error {
  public readonly retryAfterSeconds: number;

  public constructor(retryAfterSeconds: number) {
    super('An identical request is still being processed');
    this.name = 'RequestInProgressError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
