import { credentialsProviderFor } from '../credentials';
import type { Settings } from '../settings';
import { ClientTetherClient } from './client';
import type { ClientTetherApi } from './types';

/**
 * The ClientTether account of one request: the location's web key, or the
 * default one when the request names no location.
 */
export function clientTetherFor(
  settings: Settings,
  locationId?: string,
): ClientTetherApi {
  return new ClientTetherClient({
    baseUrl: settings.baseUrl,
    postEncoding: settings.postEncoding,
    requestTimeoutMs: settings.requestTimeoutMs,
    credentials: credentialsProviderFor({ settings, locationId }),
  });
}
