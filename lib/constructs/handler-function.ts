import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  BUNDLING,
  type HandlerName,
  handlerEntryPath,
  PROJECT_ROOT,
} from '../bundling';
import type { EnvironmentConfig } from '../config';
import { removalPolicyFor } from './removal';

/** Properties of one handler function. */
export interface HandlerFunctionProps {
  /** Which handler to deploy; also names the function's constructs. */
  readonly handler: HandlerName;

  /** The environment's configuration. */
  readonly config: EnvironmentConfig;

  /** Resource name prefix, such as `clienttether-api-dev`. */
  readonly namePrefix: string;

  /** ARN of the ClientTether secret; the only secret the function may read. */
  readonly secretArn: string;

  /** Value of CLIENTTETHER_SECRET_ID: the secret's name or ARN. */
  readonly secretId: string;

  /** Handler-specific environment variables, added to the shared ones. */
  readonly environment?: Record<string, string>;

  /**
   * Lambda timeout.
   * @default the handler deadline plus a margin
   */
  readonly timeout?: Duration;

  /** One-line description shown in the Lambda console. */
  readonly description: string;
}

/**
 * Memory of every function. The handlers mostly wait on ClientTether, but
 * Lambda allots CPU by memory: at 512 MB module loading and JSON parsing
 * on a cold start take a fraction of what they take at 128 MB, which
 * matters while a caller waits on the line, and costs little at our volume.
 */
const MEMORY_MB = 512;

/**
 * Time between the handler's own deadline and Lambda's hard stop. The
 * handler answers a clean 504 when its deadline passes; Lambda killing it
 * first would give the caller API Gateway's bare 502 instead, so the
 * timeout sits above the deadline by room for the answer and log flush.
 */
const DEADLINE_MARGIN_MS = 3000;

/**
 * One Lambda function of the service with the house defaults: Node.js 24 on
 * arm64, the shared esbuild bundling, its own log group with retention, a
 * role that may write only to that log group and read only the
 * ClientTether secret, and the shared environment variables.
 */
export class HandlerFunction extends Construct {
  /** Which handler the function runs. */
  public readonly handlerName: HandlerName;

  /** The Lambda function. */
  public readonly function: NodejsFunction;

  /** The function's log group. */
  public readonly logGroup: LogGroup;

  /** The function's execution role. */
  public readonly role: Role;

  public constructor(
    scope: Construct,
    id: string,
    props: HandlerFunctionProps,
  ) {
    super(scope, id);

    const { config, handler } = props;
    this.handlerName = handler;

    this.logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${props.namePrefix}-${handler}`,
      retention: config.logRetention,
      removalPolicy: removalPolicyFor(config),
    });

    // An own role instead of the managed basic-execution policy, which
    // would let the function write to every log group of the account.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${handler} function`,
    });
    this.logGroup.grantWrite(this.role);
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [props.secretArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      functionName: `${props.namePrefix}-${handler}`,
      description: props.description,
      entry: handlerEntryPath(handler),
      handler: BUNDLING.handlerExport,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}/package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: MEMORY_MB,
      timeout: props.timeout ?? defaultTimeout(config.handlerDeadlineMs),
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        ...sharedEnvironment(config, props.secretId),
        ...props.environment,
      },
      bundling: {
        format: BUNDLING.format === 'cjs' ? OutputFormat.CJS : OutputFormat.ESM,
        target: BUNDLING.target,
        minify: BUNDLING.minify,
        sourceMap: BUNDLING.sourcemap,
        sourcesContent: BUNDLING.sourcesContent,
        keepNames: BUNDLING.keepNames,
        externalModules: [...BUNDLING.external],
      },
    });
  }
}

/** The handler deadline plus the margin, in whole seconds. */
function defaultTimeout(deadlineMs: number): Duration {
  return Duration.seconds(Math.ceil((deadlineMs + DEADLINE_MARGIN_MS) / 1000));
}

/** Environment variables every handler reads. */
function sharedEnvironment(
  config: EnvironmentConfig,
  secretId: string,
): Record<string, string> {
  return {
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_SERVICE_NAME: 'clienttether-api',
    POWERTOOLS_LOG_LEVEL: config.logLevel,
    CLIENTTETHER_BASE_URL: config.clienttether.baseUrl,
    CLIENTTETHER_POST_ENCODING: config.clienttether.postEncoding,
    CLIENTTETHER_SECRET_ID: secretId,
    HANDLER_DEADLINE_MS: String(config.handlerDeadlineMs),
    DELETE_CLIENT_ENABLED: String(config.deleteEnabled),
  };
}
