import { ForbiddenError } from './http/errors';

/**
 * Decides which location a request acts on. A key issued to a location
 * acts on that location only: no `location_id` means its own, another
 * one is refused. A key without a location (the operator's) may name any.
 *
 * The refusal names no location, so a leaked key learns nothing about
 * the other franchises.
 */
export function resolveLocation(
  requested: string | undefined,
  apiKeyId: string | null | undefined,
  keyLocations: Readonly<Record<string, string>>,
): string | undefined {
  const own = apiKeyId ? keyLocations[apiKeyId] : undefined;
  if (own === undefined) {
    return requested;
  }

  if (requested !== undefined && requested !== own) {
    throw new ForbiddenError('This API key may only act for its own location.');
  }

  return own;
}
