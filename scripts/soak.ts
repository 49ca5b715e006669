import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseSoakArgs, USAGE } from './soak/options';
import { formatReport } from './soak/report';
import { runSoak } from './soak/run';

export type { SoakReport } from './soak/report';
export { runSoak } from './soak/run';

/**
 * `npm run soak`: drives the local server with a mixed, faulty workload,
 * prints the figures, writes them as JSON and exits 1 when a guarantee
 * failed (malformed answers, duplicates, lost bookings and the like).
 */
async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }

  const { out, ...options } = parseSoakArgs(argv, process.env);
  const report = await runSoak(options);
  process.stdout.write(formatReport(report));

  const file = resolve(out);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`Figures written to ${out}\n`);

  return report.passed ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `soak: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 2;
    },
  );
}
