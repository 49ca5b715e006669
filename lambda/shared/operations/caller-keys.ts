import type { FieldProblem } from '../api/fields';
import { RequestValidationError } from '../http/errors';
import { logger } from '../logger';
import { lastFour, maskEmail } from '../mask';
import { normaliseEmail, normalisePhone } from '../normalise';
import type { CallerKeys } from './find-client';

/** A caller's keys in the form the request spells them. */
export interface CallerKeyInput {
  customer_phone?: string;
  customer_email?: string;
}

/** Usable keys, and what was wrong with the unusable ones. */
export interface CallerKeysResult {
  keys: CallerKeys;
  problems: FieldProblem[];
}

/**
 * Normalises the phone and e-mail a caller gave. An unusable one is left
 * out with its problem reported, so a mis-heard e-mail does not stop a
 * lookup by a good phone number. The masked keys go on every later log
 * line of the request, so an investigator can search by the last four
 * digits of a phone number.
 */
export function callerKeysFrom(input: CallerKeyInput): CallerKeysResult {
  const keys: CallerKeys = {};
  const problems: FieldProblem[] = [];

  if (input.customer_phone !== undefined) {
    const phone = normalisePhone(input.customer_phone);
    if (phone.ok) {
      keys.phone = phone.value;
    } else {
      problems.push({ field: 'customer_phone', problem: phone.problem });
    }
  }

  if (input.customer_email !== undefined) {
    const email = normaliseEmail(input.customer_email);
    if (email.ok) {
      keys.email = email.value;
    } else {
      problems.push({ field: 'customer_email', problem: email.problem });
    }
  }

  logger.appendKeys({
    phoneLast4: keys.phone ? lastFour(keys.phone) : undefined,
    emailMasked: keys.email ? maskEmail(keys.email) : undefined,
  });

  return { keys, problems };
}

/** Throws a 400 naming the keys when none of them is usable. */
export function requireCallerKey(result: CallerKeysResult): CallerKeys {
  if (result.keys.phone || result.keys.email) {
    return result.keys;
  }

  const problems: FieldProblem[] =
    result.problems.length > 0
      ? result.problems
      : [
          {
            field: 'customer_phone',
            problem: 'is required when customer_email is not given',
          },
          {
            field: 'customer_email',
            problem: 'is required when customer_phone is not given',
          },
        ];

  throw new RequestValidationError(problems);
}
