import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../lib/bundling';
import { formatTable } from './bench/report';
import { FULL_SIZES, QUICK_SIZES, runBench } from './bench/run';

/**
 * `npm run bench [-- --quick] [--out file]`: measures bundle sizes, cold
 * starts beside a minimal reference, own overhead per request, round
 * trips per caller scenario and memory; prints a table and writes the
 * same figures as JSON (default .build/bench-results.json).
 */
async function main(argv: readonly string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const outIndex = argv.indexOf('--out');
  const outFile = path.resolve(
    outIndex >= 0
      ? (argv[outIndex + 1] ?? '')
      : path.join(PROJECT_ROOT, '.build', 'bench-results.json'),
  );

  const report = await runBench({
    quick,
    sizes: quick ? QUICK_SIZES : FULL_SIZES,
    workDir: path.join(PROJECT_ROOT, '.build', 'bench'),
    progress: (line) => process.stderr.write(`${line}\n`),
  });

  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, `${JSON.stringify(report, null, 2)}\n`);

  process.stdout.write(`${formatTable(report.rows)}\n\n`);
  process.stdout.write(
    `${report.misses.length} of ${
      report.rows.filter((row) => row.pass !== null).length
    } targets missed; ${(report.durationMs / 1000).toFixed(0)} s; ` +
      `figures in ${path.relative(process.cwd(), outFile)}\n`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exitCode = 1;
});
