import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

/** Size of one bundle as deployed. */
export interface BundleSize {
  name: string;
  /** Minified JavaScript, bytes. */
  minifiedBytes: number;
  /** The same, gzipped (level 9), bytes. */
  gzippedBytes: number;
  /** The source map shipped beside it, bytes. */
  sourceMapBytes: number;
}

/** Measures each bundle (name → `index.js`) and its source map. */
export async function measureBundleSizes(
  bundles: Readonly<Record<string, string>>,
): Promise<BundleSize[]> {
  return Promise.all(
    Object.entries(bundles).map(async ([name, file]) => {
      const code = await readFile(file);
      const map = await readFile(`${file}.map`).catch(() => Buffer.alloc(0));

      return {
        name,
        minifiedBytes: code.length,
        gzippedBytes: gzipSync(code, { level: 9 }).length,
        sourceMapBytes: map.length,
      };
    }),
  );
}
