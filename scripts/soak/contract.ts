import type { z } from 'zod';
import {
  checkClientResponseSchema,
  createUpdateClientQueuedSchema,
  createUpdateClientResponseSchema,
  deleteClientResponseSchema,
  errorResponseSchema,
} from '../../lambda/shared/api/responses';

/** The three API endpoints the soak drives. */
export type Endpoint =
  | 'check-client'
  | 'create-update-client'
  | 'delete-client';

/** The endpoints in the order the report lists them. */
export const ENDPOINTS: readonly Endpoint[] = [
  'check-client',
  'create-update-client',
  'delete-client',
];

/** Statuses a caller may see under faults; anything else is a finding. */
export const ALLOWED_STATUSES: readonly number[] = [
  200, 202, 400, 404, 409, 429, 502, 504,
];

/** What a raw answer turned out to be. */
export type ContractCheck =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; problem: string };

/** The contract schema an answer of this endpoint and status must meet. */
function schemaFor(endpoint: Endpoint, status: number): z.ZodType | undefined {
  if (status >= 400) {
    return errorResponseSchema;
  }

  if (endpoint === 'check-client') {
    return status === 200 ? checkClientResponseSchema : undefined;
  }

  if (endpoint === 'create-update-client') {
    if (status === 202) {
      return createUpdateClientQueuedSchema;
    }

    return status === 200 ? createUpdateClientResponseSchema : undefined;
  }

  return status === 200 ? deleteClientResponseSchema : undefined;
}

/**
 * Checks one answer against the public contract: JSON, and the schema of
 * its endpoint and status. A success status the contract does not know
 * counts as malformed too.
 */
export function checkAnswer(
  endpoint: Endpoint,
  status: number,
  text: string,
): ContractCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }

  const schema = schemaFor(endpoint, status);
  if (!schema) {
    return { ok: false, problem: `no contract for status ${status}` };
  }

  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') || '(root)';

    return { ok: false, problem: `${path}: ${issue?.message ?? 'invalid'}` };
  }

  return { ok: true, body: parsed as Record<string, unknown> };
}
