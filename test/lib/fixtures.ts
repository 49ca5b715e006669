import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ClientTetherApiStack } from '../../lib/clienttether-api-stack';
import {
  type EnvironmentConfig,
  type EnvironmentName,
  loadConfig,
} from '../../lib/config';

/** One stack to build: a known environment, optionally with changes. */
export interface StackVariant {
  readonly envName: EnvironmentName;
  readonly overrides?: Partial<EnvironmentConfig>;
}

/** A built stack and its template. */
export interface BuiltStack {
  readonly stack: ClientTetherApiStack;
  readonly template: Template;
  readonly config: EnvironmentConfig;
}

/**
 * Builds the variants in one App without bundling (tests of the stack do
 * not need the handler code) and synthesises them once; the cloud assembly
 * goes to a temporary folder that is removed again.
 */
export function buildStacks<K extends string>(
  variants: Record<K, StackVariant>,
): Record<K, BuiltStack> {
  const { app, stacks } = createStacks(variants);
  const outdir = app.outdir;

  try {
    const entries = Object.entries<[ClientTetherApiStack, EnvironmentConfig]>(
      stacks,
    ).map(([key, [stack, config]]) => [
      key,
      { stack, config, template: Template.fromStack(stack) },
    ]);

    return Object.fromEntries(entries) as Record<K, BuiltStack>;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Creates the variants' stacks in one App, without synthesising. */
export function createStacks<K extends string>(
  variants: Record<K, StackVariant>,
): {
  app: App;
  stacks: Record<K, [ClientTetherApiStack, EnvironmentConfig]>;
} {
  // Only synthesis creates the folder; buildStacks removes it afterwards.
  const outdir = path.join(os.tmpdir(), `cdk-test-${randomUUID()}`);
  const app = new App({
    outdir,
    context: { 'aws:cdk:bundling-stacks': [] },
  });

  const entries = Object.entries<StackVariant>(variants).map(
    ([key, variant]) => {
      const config = { ...loadConfig(variant.envName), ...variant.overrides };
      const stack = new ClientTetherApiStack(app, `Test-${key}`, {
        envName: variant.envName,
        config,
      });

      return [key, [stack, config]] as const;
    },
  );

  return {
    app,
    stacks: Object.fromEntries(entries) as Record<
      K,
      [ClientTetherApiStack, EnvironmentConfig]
    >,
  };
}
