import * as path from 'node:path';
import { build } from 'esbuild';
import { bundleEntry } from '../bundle';

/** The child-process scripts of the bench, built to plain JavaScript. */
export interface BenchRunners {
  /** Loads a bundle, answers one request, reports, exits. */
  coldRunner: string;
  /** Keeps bundles warm and replays requests on command. */
  warmRunner: string;
}

/**
 * Bundles the reference handler with exactly the settings the stack uses
 * for the real ones (lib/bundling.ts), so the cold-start ratio compares
 * code, not bundling. Resolves to the bundle file.
 */
export async function buildReferenceBundle(outdir: string): Promise<string> {
  const outfile = path.join(outdir, 'reference', 'index.js');
  await bundleEntry(path.join(__dirname, 'reference-handler.ts'), outfile);

  return outfile;
}

/**
 * Builds the runners so child processes start with plain `node`: a
 * TypeScript loader in the child would add its own start-up time to
 * every cold start. Packages stay external, so the warm runner shares
 * the AWS SDK module instances with the bundles it loads. `outdir` must
 * sit inside the project, where `node_modules` can be found.
 */
export async function buildRunners(outdir: string): Promise<BenchRunners> {
  const runners = {
    coldRunner: path.join(outdir, 'cold-runner.js'),
    warmRunner: path.join(outdir, 'warm-runner.js'),
  };

  await Promise.all(
    [
      ['cold-runner.ts', runners.coldRunner],
      ['warm-runner.ts', runners.warmRunner],
    ].map(([source, outfile]) =>
      build({
        entryPoints: [path.join(__dirname, source as string)],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        packages: 'external',
        logLevel: 'error',
      }),
    ),
  );

  return runners;
}
