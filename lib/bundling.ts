import * as path from 'node:path';

/**
 * How every handler is bundled, as plain data: the stack turns it into
 * NodejsFunction options and scripts/bundle.ts hands it to esbuild, so the
 * bundle tested locally is the bundle deployed.
 */

/** Repository root; handler entries are relative to it. */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Each handler's entry file, by handler name. */
export const HANDLER_ENTRIES = {
  'check-client': 'lambda/handlers/check-client.ts',
  'create-update-client': 'lambda/handlers/create-update-client.ts',
  'delete-client': 'lambda/handlers/delete-client.ts',
  'sync-worker': 'lambda/handlers/sync-worker.ts',
} as const;

/** Name of a deployable handler. */
export type HandlerName = keyof typeof HANDLER_ENTRIES;

/** The names of all handlers, in a stable order. */
export const HANDLER_NAMES = Object.keys(HANDLER_ENTRIES) as HandlerName[];

/** Absolute path of a handler's entry file. */
export function handlerEntryPath(name: HandlerName): string {
  return path.join(PROJECT_ROOT, HANDLER_ENTRIES[name]);
}

/** esbuild settings shared by the stack and the local bundle script. */
export const BUNDLING = {
  platform: 'node',
  format: 'cjs',
  // The Lambda runtime is Node.js 24; the code also runs on the Node.js 20
  // of the tests, so only the bundle output targets the newer engine.
  target: 'node24',
  minify: true,
  sourcemap: true,
  // Source maps keep file and line for stack traces; the sources themselves
  // would only make the bundle bigger.
  sourcesContent: false,
  // Minified class names would turn error names in the logs into `e`.
  keepNames: true,
  // The Lambda Node.js runtime ships AWS SDK v3; bundling it again would
  // only add cold-start time.
  external: ['@aws-sdk/*'],
  // The handler export the runtime calls: `index.handler`.
  handlerExport: 'handler',
} as const;
