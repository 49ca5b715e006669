import type {
  CallOptions,
  ClientMatch,
  ClientTetherApi,
} from '../clienttether/types';
import { logger } from '../logger';

/** What a caller can be recognised by; at least one is set. */
export interface CallerKeys {
  phone?: string;
  email?: string;
}

/** A client found by one of the caller's keys. */
export interface FoundClient {
  match: ClientMatch;
  by: 'phone' | 'email';
}

type Lookup = Promise<ClientMatch[]> | undefined;

/**
 * Looks a caller up by phone and by e-mail side by side; a phone match
 * wins. A failed lookup is never read as "no client": when nothing else
 * matches, its error is thrown so no caller is wrongly treated as new.
 */
export async function findClient(
  api: ClientTetherApi,
  keys: CallerKeys,
  options: CallOptions,
): Promise<FoundClient | null> {
  const byPhone = keys.phone ? api.findByPhone(keys.phone, options) : undefined;
  const byEmail = keys.email ? api.findByEmail(keys.email, options) : undefined;

  // A phone match answers at once; the e-mail lookup may still fail later
  // and must not surface as an unhandled rejection.
  byEmail?.catch(() => undefined);

  const phone = await settle(byPhone);
  if (phone.matches.length > 0) {
    return pick(phone.matches, 'phone');
  }

  const email = await settle(byEmail);
  if (email.matches.length > 0) {
    if (phone.error) {
      logger.warn('Phone lookup failed; using the e-mail match', {
        reason: errorName(phone.error),
      });
    }

    return pick(email.matches, 'email');
  }

  const failure = phone.error ?? email.error;
  if (failure) {
    throw failure;
  }

  return null;
}

interface Settled {
  matches: ClientMatch[];
  error?: unknown;
}

async function settle(lookup: Lookup): Promise<Settled> {
  if (!lookup) {
    return { matches: [] };
  }

  try {
    return { matches: await lookup };
  } catch (error) {
    return { matches: [], error };
  }
}

function pick(matches: ClientMatch[], by: FoundClient['by']): FoundClient {
  if (matches.length > 1) {
    logger.info('Several clients match; using the first', {
      matchedBy: by,
      matchCount: matches.length,
    });
  }

  return { match: matches[0] as ClientMatch, by };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}
