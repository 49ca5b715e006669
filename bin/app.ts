import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ClientTetherApiStack } from '../lib/clienttether-api-stack';
import {
  DEFAULT_ENVIRONMENT,
  type EnvironmentConfig,
  loadConfig,
} from '../lib/config';

// One stack per run, for the environment named by `-c env=<name>`.
const app = new App();
const envName = String(app.node.tryGetContext('env') ?? DEFAULT_ENVIRONMENT);

let config: EnvironmentConfig;
try {
  config = loadConfig(envName);
} catch (error) {
  // A mistyped environment is a usage error, not a crash: no stack trace.
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}

// Env-agnostic on purpose: synthesis needs no credentials and no lookups;
// `cdk deploy` takes account and region from the caller's AWS profile.
new ClientTetherApiStack(app, `ClientTetherApi-${envName}`, {
  envName,
  config,
  description: `ClientTether API for Bland AI voice agents (${envName})`,
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
