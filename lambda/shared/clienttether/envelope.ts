import * as z from 'zod';
import {
  ClientInUseError,
  type ClientTetherError,
  ClientTetherRejectedError,
  ClientTetherUnavailableError,
  DuplicateClientError,
} from './errors';
import type { CallName } from './types';

/** A result code as sent (`CT_200`, `ct200`, 200) → `CT200`. */
export function normaliseResultCode(code: string | number): string {
  const compact = String(code).trim().toUpperCase().replace(/_/g, '');

  return /^\d+$/.test(compact) ? `CT${compact}` : compact;
}

/** An id as sent (digits as string or number) → string; absent → null. */
function normaliseId(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value === 'string' && value.trim() !== '') {
    return value.trim();
  }

  return null;
}

const idSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const recordSchema = z.looseObject({
  client_id: idSchema.optional(),
  external_id: idSchema.optional(),
});

const countSchema = z.union([z.number(), z.string()]).transform((value) => {
  const count = Number(value);

  return Number.isFinite(count) ? count : undefined;
});

/**
 * The raw envelope with either spelling of each key; `data` may be an
 * array, a single record, or an empty stand-in.
 */
const rawEnvelopeSchema = z.looseObject({
  ResultCode: z.union([z.string(), z.number()]).optional(),
  resultCode: z.union([z.string(), z.number()]).optional(),
  Message: z.unknown().optional(),
  message: z.unknown().optional(),
  TotalRecord: countSchema.optional(),
  totalRecord: countSchema.optional(),
  client_id: idSchema.optional(),
  data: z
    .union([
      z.array(recordSchema),
      recordSchema,
      z.null(),
      z.literal(''),
      z.literal(false),
    ])
    .optional(),
});

/** One record of `data`, with `clientId`/`externalId` read as strings. */
export interface EnvelopeRecord {
  clientId: string | null;
  externalId: string | null;
  fields: Record<string, unknown>;
}

/** The envelope after spelling differences are smoothed over. */
export interface Envelope {
  /** Normalised result code, such as `CT200`. */
  resultCode: string;
  message?: string;
  totalRecord?: number;
  records: EnvelopeRecord[];
  /** `client_id` sent beside `data` rather than inside it. */
  topLevelClientId: string | null;
}

function readRecord(record: z.infer<typeof recordSchema>): EnvelopeRecord {
  const clientId = normaliseId(record.client_id);
  const externalId = normaliseId(record.external_id);
  const fields: Record<string, unknown> = { ...record };
  if ('client_id' in record) {
    fields.client_id = clientId;
  }
  if ('external_id' in record) {
    fields.external_id = externalId;
  }

  return { clientId, externalId, fields };
}

/** Zod schema of a ClientTether response body, normalised. */
export const envelopeSchema = rawEnvelopeSchema
  .refine(
    (raw) => raw.ResultCode !== undefined || raw.resultCode !== undefined,
    { message: 'missing ResultCode', path: ['ResultCode'] },
  )
  .transform((raw): Envelope => {
    const code = raw.ResultCode ?? raw.resultCode ?? '';
    const message = raw.Message ?? raw.message;
    const data = raw.data;
    const list = Array.isArray(data) ? data : data ? [data] : [];

    return {
      resultCode: normaliseResultCode(code),
      message: typeof message === 'string' ? message : undefined,
      totalRecord: raw.TotalRecord ?? raw.totalRecord,
      records: list.map(readRecord),
      topLevelClientId: normaliseId(raw.client_id),
    };
  });

/** How one response reads, for the call that got it. */
export type EnvelopeOutcome =
  | { kind: 'success'; envelope: Envelope }
  | { kind: 'not_found'; resultCode: string }
  | { kind: 'error'; error: ClientTetherError };

/** Calls whose success with nothing in it means "no such client". */
const READ_CALLS: ReadonlySet<CallName> = new Set([
  'read_client_exist',
  'read_client_by_id',
]);

/** Whether a successful read found nothing, in any of its spellings. */
function foundNothing(envelope: Envelope): boolean {
  if (envelope.totalRecord === 0) {
    return true;
  }

  return envelope.records.every((record) => record.clientId === null);
}

/**
 * Classifies a parsed JSON body: success, not found, or the typed error
 * the result code stands for. A body that is no envelope is "unavailable".
 */
export function classifyEnvelope(
  call: CallName,
  body: unknown,
): EnvelopeOutcome {
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) {
    return {
      kind: 'error',
      error: new ClientTetherUnavailableError(call, 'unexpected response'),
    };
  }

  const envelope = parsed.data;
  const resultCode = envelope.resultCode;
  switch (resultCode) {
    case 'CT200':
      if (READ_CALLS.has(call) && foundNothing(envelope)) {
        return { kind: 'not_found', resultCode };
      }
      return { kind: 'success', envelope };
    case 'CT515':
      return { kind: 'not_found', resultCode };
    case 'CT512':
      return { kind: 'error', error: new ClientInUseError(call) };
    case 'CT520':
      return { kind: 'error', error: new DuplicateClientError(call) };
    case 'CT500':
      return {
        kind: 'error',
        error: new ClientTetherUnavailableError(call, 'CT500', {
          resultCode,
        }),
      };
    default:
      return {
        kind: 'error',
        error: new ClientTetherRejectedError(call, resultCode),
      };
  }
}
