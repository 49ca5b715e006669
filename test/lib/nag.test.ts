import * as fs from 'node:fs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createStacks } from './fixtures';

// Building the construct tree is enough for cdk-nag; nothing is synthesised.
const { app, stacks } = createStacks({
  dev: { envName: 'dev', overrides: { alarmEmail: 'ops@example.com' } },
  staging: { envName: 'staging' },
  prod: { envName: 'prod', overrides: { allowedSourceIps: ['192.0.2.0/24'] } },
  imported: {
    envName: 'prod',
    overrides: { secret: { existing: 'shared/clienttether' } },
  },
});

afterAll(() => {
  // The App makes its output folder even when nothing is synthesised.
  fs.rmSync(app.outdir, { recursive: true, force: true });
});

describe('cdk-nag AwsSolutions', () => {
  it.each(Object.keys(stacks) as (keyof typeof stacks)[])(
    'reports no unacknowledged finding in %s',
    (key) => {
      // Prepare
      const [stack] = stacks[key];

      // Act
      const report = new AwsSolutionsChecks().validateScope(stack);

      // Assess
      expect(report.violations).toEqual([]);
      expect(report.success).toBe(true);
    },
  );
});
