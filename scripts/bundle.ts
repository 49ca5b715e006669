import * as path from 'node:path';
import { build } from 'esbuild';
import {
  BUNDLING,
  HANDLER_NAMES,
  type HandlerName,
  handlerEntryPath,
  PROJECT_ROOT,
} from '../lib/bundling';

/** Where bundles go when no folder is named. */
export const DEFAULT_BUNDLE_DIR = path.join(PROJECT_ROOT, '.build', 'bundles');

/**
 * Bundles every handler as the stack deploys it, one folder per handler
 * (`<outdir>/<name>/index.js` with its source map); resolves to the bundle
 * path by handler name. `names` limits it to some handlers.
 */
export async function bundleHandlers(
  outdir: string = DEFAULT_BUNDLE_DIR,
  names: readonly HandlerName[] = HANDLER_NAMES,
): Promise<Record<string, string>> {
  const bundles = await Promise.all(
    names.map(async (name) => {
      const outfile = path.join(outdir, name, 'index.js');
      await bundleHandler(name, outfile);

      return [name, outfile] as const;
    }),
  );

  return Object.fromEntries(bundles);
}

/** Bundles one handler into `outfile` with the shared settings. */
function bundleHandler(name: HandlerName, outfile: string): Promise<void> {
  return bundleEntry(handlerEntryPath(name), outfile);
}

/**
 * Bundles any entry file as the stack bundles a handler: the benchmark's
 * reference bundle uses it too, so a comparison measures code, not
 * bundling settings.
 */
export async function bundleEntry(
  entry: string,
  outfile: string,
): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: BUNDLING.platform,
    format: BUNDLING.format,
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourcemap,
    sourcesContent: BUNDLING.sourcesContent,
    keepNames: BUNDLING.keepNames,
    external: [...BUNDLING.external],
    logLevel: 'warning',
  });
}

if (require.main === module) {
  const outdir = path.resolve(process.argv[2] ?? DEFAULT_BUNDLE_DIR);

  bundleHandlers(outdir).then(
    (bundles) => {
      for (const [name, file] of Object.entries(bundles)) {
        process.stdout.write(`${name}: ${path.relative('.', file)}\n`);
      }
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
