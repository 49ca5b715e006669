import type { HandlerSet } from './routes';
import type { SyncWorker } from './sync-queue';

/**
 * Imports the handlers from their sources. Call it only once the handler
 * environment is set: the logger reads its settings on import.
 */
export async function loadSourceHandlers(): Promise<HandlerSet> {
  const [check, upsert, remove] = await Promise.all([
    import('../lambda/handlers/check-client'),
    import('../lambda/handlers/create-update-client'),
    import('../lambda/handlers/delete-client'),
  ]);

  return {
    'check-client': check.handler,
    'create-update-client': upsert.handler,
    'delete-client': remove.handler,
  };
}

/** Imports the sync worker from its source, like the handlers. */
export async function loadSourceWorker(): Promise<SyncWorker> {
  const worker = await import('../lambda/handlers/sync-worker');

  return worker.handler;
}

/**
 * Loads the handlers from deployable bundles (handler name → bundle
 * file), calling each bundle's `handler` export as Lambda would.
 */
export function loadBundledHandlers(
  bundles: Readonly<Record<string, string>>,
): HandlerSet {
  return {
    'check-client': requireHandler(bundles, 'check-client'),
    'create-update-client': requireHandler(bundles, 'create-update-client'),
    'delete-client': requireHandler(bundles, 'delete-client'),
  };
}

function requireHandler(
  bundles: Readonly<Record<string, string>>,
  name: keyof HandlerSet,
): HandlerSet[typeof name] {
  const file = bundles[name];
  if (file === undefined) {
    throw new Error(`No bundle was built for ${name}`);
  }

  // A bundle is plain CommonJS; it is loaded the way the runtime loads it.
  const bundle = require(file) as { handler?: unknown };
  if (typeof bundle.handler !== 'function') {
    throw new Error(`The ${name} bundle does not export a handler`);
  }

  return bundle.handler as HandlerSet[typeof name];
}
