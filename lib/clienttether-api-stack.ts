import {
  CfnOutput,
  Duration,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { HandlerName } from './bundling';
import type { EnvironmentConfig } from './config';
import { ApiKeys } from './constructs/api-keys';
import { ClientApi } from './constructs/client-api';
import { HandlerFunction } from './constructs/handler-function';
import { IdempotencyTable } from './constructs/idempotency-table';
import { Monitoring } from './constructs/monitoring';
import { pascalCase } from './constructs/names';
import { removalPolicyFor } from './constructs/removal';
import { SyncQueue } from './constructs/sync-queue';

/** Properties of the service's stack. */
export interface ClientTetherApiStackProps extends StackProps {
  /** Environment name, such as `prod`; part of every resource name. */
  readonly envName: string;

  /** That environment's configuration. */
  readonly config: EnvironmentConfig;
}

/** The ClientTether credentials secret and the id handlers fetch it by. */
interface SecretReference {
  readonly secret: ISecret;

  /** The secret's ARN as IAM sees it (a wildcard suffix for a name). */
  readonly arn: string;

  /** Name or ARN the handlers pass to Secrets Manager. */
  readonly id: string;
}

/** Handler descriptions shown in the Lambda console. */
const DESCRIPTIONS: Record<HandlerName, string> = {
  'check-client': 'Looks a caller up in ClientTether by phone or e-mail',
  'create-update-client': 'Creates or updates a caller in ClientTether',
  'delete-client': 'Deletes a client from ClientTether',
  'sync-worker': 'Applies queued client writes to ClientTether',
};

/**
 * One environment of the service: the API, its Lambda functions, the
 * ClientTether secret, and alarms, dashboard and saved queries.
 */
export class ClientTetherApiStack extends Stack {
  public constructor(
    scope: Construct,
    id: string,
    props: ClientTetherApiStackProps,
  ) {
    super(scope, id, props);

    const { config, envName } = props;
    const namePrefix = `clienttether-api-${envName}`;
    const secret = this.clientTetherSecret(config, namePrefix);

    const makeFunction = (handler: HandlerName, timeout?: Duration) =>
      new HandlerFunction(this, pascalCase(handler), {
        handler,
        config,
        namePrefix,
        secretArn: secret.arn,
        secretId: secret.id,
        description: DESCRIPTIONS[handler],
        timeout,
      });

    const checkClient = makeFunction('check-client');
    const createUpdateClient = makeFunction('create-update-client');
    const deleteClient = config.deleteEnabled
      ? makeFunction('delete-client')
      : undefined;
    const syncWorker = makeFunction('sync-worker', workerTimeout(config));
    const handlers = [
      checkClient,
      createUpdateClient,
      deleteClient,
      syncWorker,
    ].filter((fn): fn is HandlerFunction => fn !== undefined);

    // check-client only reads and must answer fresh, so it gets no access.
    const idempotency = new IdempotencyTable(this, 'Idempotency', {
      config,
      namePrefix,
    });
    idempotency.grantTo(createUpdateClient);
    if (deleteClient !== undefined) {
      idempotency.grantTo(deleteClient);
    }
    // The worker takes the same per-caller lease as the handler.
    idempotency.grantTo(syncWorker);

    const syncQueue = new SyncQueue(this, 'SyncQueue', {
      config,
      namePrefix,
      workerTimeout: syncWorker.function.timeout ?? workerTimeout(config),
    });
    syncQueue.grantSendTo(createUpdateClient);
    syncQueue.consumeWith(syncWorker);

    const api = new ClientApi(this, 'ClientApi', {
      config,
      namePrefix,
      stageName: envName,
      checkClient: checkClient.function,
      createUpdateClient: createUpdateClient.function,
      deleteClient: deleteClient?.function,
    });

    // Each key sits in the usage plan, so each location is throttled on
    // its own; every function learns which location a key id stands for.
    const apiKeys = new ApiKeys(this, 'ApiKeys', { config, namePrefix });
    for (const { key } of apiKeys.keys) {
      api.addApiKey(key);
    }
    const keyLocations = apiKeys.locationsByKeyId();
    for (const fn of handlers) {
      fn.function.addEnvironment('API_KEY_LOCATIONS', keyLocations);
    }

    const monitoring = new Monitoring(this, 'Monitoring', {
      config,
      namePrefix,
      api: api.api,
      functions: handlers.map((fn) => ({
        name: fn.handlerName,
        function: fn.function,
        logGroup: fn.logGroup,
      })),
    });

    monitoring.addQueues(syncQueue.queue, syncQueue.deadLetterQueue);

    new CfnOutput(this, 'ApiUrl', {
      description: 'Base URL of the API; append /check-client and so on',
      value: api.api.url,
    });
    for (const { name, location, key } of apiKeys.keys) {
      new CfnOutput(this, `ApiKey${name}ValueCommand`, {
        description:
          location === undefined
            ? 'Prints the value of the operator API key'
            : `Prints the value of the API key of location ${location}`,
        value: apiKeyValueCommand(key.keyId),
      });
    }
    new CfnOutput(this, 'SyncQueueUrl', {
      description: 'Queue of client writes waiting for ClientTether',
      value: syncQueue.queue.queueUrl,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'Client writes that failed every attempt',
      value: syncQueue.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'ReplayDeadLettersCommand', {
      description: 'Moves dead letters back to the queue once fixed',
      value:
        'aws sqs start-message-move-task ' +
        `--source-arn ${syncQueue.deadLetterQueue.queueArn} ` +
        `--destination-arn ${syncQueue.queue.queueArn}`,
    });
    new CfnOutput(this, 'SecretValueCommand', {
      description: 'Sets the ClientTether credentials (fill in the values)',
      value: secretValueCommand(secret.id),
    });
  }

  /** Creates the secret or imports the configured one. */
  private clientTetherSecret(
    config: EnvironmentConfig,
    namePrefix: string,
  ): SecretReference {
    if ('existing' in config.secret) {
      const { existing } = config.secret;
      const secret = existing.startsWith('arn:')
        ? Secret.fromSecretCompleteArn(this, 'ClientTetherSecret', existing)
        : Secret.fromSecretNameV2(this, 'ClientTetherSecret', existing);

      // A name-imported secret has no full ARN: Secrets Manager appends six
      // random characters to the name, which IAM has to allow for.
      const arn = secret.secretFullArn ?? `${secret.secretArn}-??????`;

      return { secret, arn, id: existing };
    }

    // No credential in code or template: the operator puts the real value
    // (see the SecretValueCommand output). Until then the handlers report
    // the empty fields as a configuration error.
    const secret = new Secret(this, 'ClientTetherSecret', {
      secretName: `${namePrefix}/clienttether`,
      description: 'ClientTether access token and web keys',
      removalPolicy: removalPolicyFor(config),
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          accessToken: '',
          webKey: '',
          locationWebKeys: {},
        }),
        generateStringKey: 'unsetMarker',
      },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'ClientTether issues and changes the access token itself and has ' +
        'no API to rotate it; operators update the secret when it changes.',
    });

    return { secret, arn: secret.secretArn, id: secret.secretArn };
  }
}

/**
 * Lambda timeout of the queue worker. Powertools processes a batch's
 * records in parallel, each within the sync deadline, so the timeout is
 * that deadline plus the margin a request handler also gets.
 */
function workerTimeout(config: EnvironmentConfig): Duration {
  return Duration.seconds(Math.ceil(config.sync.deadlineMs / 1000) + 3);
}

/** The aws cli command that prints an API key's value. */
export function apiKeyValueCommand(keyId: string): string {
  return (
    `aws apigateway get-api-key --api-key ${keyId} ` +
    '--include-value --query value --output text'
  );
}

/** The aws cli command that stores the ClientTether credentials. */
function secretValueCommand(secretId: string): string {
  const template = JSON.stringify({
    accessToken: '<access token>',
    webKey: '<default web key>',
    locationWebKeys: { '<location_id>': '<web key>' },
  });

  return (
    `aws secretsmanager put-secret-value --secret-id ${secretId} ` +
    `--secret-string '${template}'`
  );
}
