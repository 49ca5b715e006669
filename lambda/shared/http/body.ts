import { PayloadTooLargeError, RequestValidationError } from './errors';

/** Largest body accepted; a booking is well under 8 KiB. */
export const MAX_BODY_BYTES = 16 * 1024;

/** The parts of an API Gateway event the body parser reads. */
export interface BodySource {
  body: string | null;
  isBase64Encoded?: boolean;
  headers?: Record<string, string | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the request's fields from its body and query string.
 *
 * Bland does not always label its bodies, so JSON is tried whatever the
 * `Content-Type` says; only a form-encoded label on a body that is not a
 * JSON object selects form parsing.
 * Query parameters fill in what the body leaves out, which lets a DELETE
 * without a body still name its client.
 */
export function parseBody(source: BodySource): Record<string, unknown> {
  const text = decodeBody(source);
  const fromQuery = queryFields(source.queryStringParameters);

  if (text.trim() === '') {
    return fromQuery;
  }

  // A JSON object is read as JSON even under a form label: curl's -d and
  // some Bland tools send JSON labelled as a form.
  const looksLikeJson = text.trimStart().startsWith('{');
  const fromBody =
    isFormEncoded(source.headers) && !looksLikeJson
      ? parseForm(text)
      : parseJsonObject(text);

  return { ...fromQuery, ...fromBody };
}

function decodeBody(source: BodySource): string {
  if (!source.body) {
    return '';
  }

  const bytes = source.isBase64Encoded
    ? Buffer.from(source.body, 'base64')
    : Buffer.from(source.body, 'utf8');

  if (bytes.length > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(MAX_BODY_BYTES);
  }

  try {
    return utf8.decode(bytes);
  } catch {
    throw malformed('is not valid UTF-8 text');
  }
}

function isFormEncoded(headers: BodySource['headers']): boolean {
  const contentType = headers?.['content-type'] ?? '';

  return contentType
    .toLowerCase()
    .startsWith('application/x-www-form-urlencoded');
}

// Object.fromEntries defines own properties, so a `__proto__` field stays
// data instead of replacing the object's prototype.
function parseForm(text: string): Record<string, unknown> {
  return Object.fromEntries(new URLSearchParams(text));
}

function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed('is not valid JSON');
  }

  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw malformed('must be a JSON object');
  }

  return parsed as Record<string, unknown>;
}

function queryFields(
  query: BodySource['queryStringParameters'],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query ?? {}).filter(([, value]) => value !== undefined),
  );
}

function malformed(problem: string): RequestValidationError {
  return new RequestValidationError([{ field: 'body', problem }]);
}
