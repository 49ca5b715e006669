import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ParamEncoding } from './types';

/** Largest request body the emulator reads; ClientTether bodies are tiny. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Parameters of one request and how they travelled. */
export interface ParsedParams {
  params: Record<string, string>;
  encoding: ParamEncoding;
  /** The body claimed to be JSON but was not, or was not an object. */
  malformed: boolean;
}

/** Reads the whole request body as text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;

    if (size > MAX_BODY_BYTES) {
      throw new Error('Request body too large');
    }

    chunks.push(buffer);
  }

  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Merges query-string and body parameters (the body wins on a clash) and
 * names the encoding: the body's when there is one, else `query` or `none`.
 */
export function parseParams(
  query: URLSearchParams,
  body: string,
  contentType: string | undefined,
): ParsedParams {
  const params = searchParamsToRecord(query);
  const queryEncoding: ParamEncoding = query.size > 0 ? 'query' : 'none';

  if (body.trim() === '') {
    return { params, encoding: queryEncoding, malformed: false };
  }

  const type = (contentType ?? '').toLowerCase();
  const looksJson = type.includes('json') || /^\s*[{[]/.test(body);

  if (type.includes('x-www-form-urlencoded') || !looksJson) {
    const form = searchParamsToRecord(new URLSearchParams(body));

    return {
      params: { ...params, ...form },
      encoding: 'form',
      malformed: false,
    };
  }

  const json = jsonObject(body);

  if (!json) {
    return { params, encoding: 'json', malformed: true };
  }

  return {
    params: { ...params, ...json },
    encoding: 'json',
    malformed: false,
  };
}

/** Sends a JSON answer with the given HTTP status. */
export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
): void {
  sendText(response, status, JSON.stringify(value), 'application/json');
}

/** Sends a text answer of any content type. */
export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  contentType: string,
): void {
  if (response.headersSent || response.destroyed) {
    return;
  }

  response.writeHead(status, {
    'Content-Type': `${contentType}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

function searchParamsToRecord(search: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = {};

  for (const [name, value] of search) {
    record[name] = value;
  }

  return record;
}

// JSON values become strings, as ClientTether stores every field as text.
function jsonObject(body: string): Record<string, string> | undefined {
  let value: unknown;

  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }

  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }

  const record: Record<string, string> = {};

  for (const [name, field] of Object.entries(value)) {
    record[name] = fieldText(field);
  }

  return record;
}

function fieldText(field: unknown): string {
  if (typeof field === 'string') {
    return field;
  }

  if (field === null || field === undefined) {
    return '';
  }

  if (typeof field === 'object') {
    return JSON.stringify(field);
  }

  return String(field);
}
