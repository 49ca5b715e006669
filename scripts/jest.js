// Runs jest; when CI asks for it (JEST_JSON_OUTPUT), jest also writes its
// results as JSON there so .ci/run can print a plain closing line.
const { spawnSync } = require('node:child_process');

const args = [require.resolve('jest/bin/jest'), ...process.argv.slice(2)];
const output = process.env.JEST_JSON_OUTPUT;
if (output) {
  args.push('--json', `--outputFile=${output}`);
}

const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
