import { prefetchCredentials } from './credentials';
import { logger } from './logger';
import { readSettings } from './settings';

/**
 * Starts fetching the ClientTether secret while Lambda initialises the
 * function, so the first request does not wait for Secrets Manager.
 * A failure here is only logged: the request path fetches again and
 * answers with the right error.
 */
export function startCredentialsPrefetch(): void {
  try {
    prefetchCredentials(readSettings());
  } catch (error) {
    logger.warn('Could not start the credentials prefetch', { error });
  }
}
