import { Match } from 'aws-cdk-lib/assertions';
import { buildStacks } from './fixtures';

const built = buildStacks({
  dev: { envName: 'dev' },
  prod: { envName: 'prod' },
});

/** Lambda functions of a template by FunctionName. */
function functionsOf(key: keyof typeof built) {
  const functions = built[key].template.findResources('AWS::Lambda::Function');

  return Object.fromEntries(
    Object.values(functions).map((fn) => [
      fn.Properties.FunctionName as string,
      fn.Properties,
    ]),
  );
}

describe('HandlerFunction', () => {
  it('deploys delete-client only where delete is enabled', () => {
    // Act
    const devNames = Object.keys(functionsOf('dev'));
    const prodNames = Object.keys(functionsOf('prod'));

    // Assess
    expect(devNames).toContain('clienttether-api-dev-delete-client');
    expect(prodNames).not.toContain('clienttether-api-prod-delete-client');
    expect(prodNames).toContain('clienttether-api-prod-check-client');
  });

  it('runs every function on Node.js 24 and arm64', () => {
    // Act
    const functions = Object.values(functionsOf('dev'));

    // Assess
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const fn of functions) {
      expect(fn.Runtime).toBe('nodejs24.x');
      expect(fn.Architectures).toEqual(['arm64']);
    }
  });

  it('stops the request handlers only after their own deadline', () => {
    // Prepare
    const { config } = built.prod;

    // Act
    const checkClient =
      functionsOf('prod')['clienttether-api-prod-check-client'];

    // Assess
    expect(checkClient?.Timeout * 1000).toBeGreaterThan(
      config.handlerDeadlineMs,
    );
    expect(checkClient?.MemorySize).toBe(512);
  });

  it('passes the handler settings as environment variables', () => {
    // Prepare
    const { config } = built.prod;

    // Act
    const fn =
      functionsOf('prod')['clienttether-api-prod-create-update-client'];

    // Assess
    expect(fn?.Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'clienttether-api',
      POWERTOOLS_LOG_LEVEL: config.logLevel,
      CLIENTTETHER_BASE_URL: config.clienttether.baseUrl,
      CLIENTTETHER_POST_ENCODING: config.clienttether.postEncoding,
      CLIENTTETHER_SECRET_ID: { Ref: expect.stringMatching(/^ClientTether/) },
      HANDLER_DEADLINE_MS: String(config.handlerDeadlineMs),
      DELETE_CLIENT_ENABLED: 'false',
    });
  });

  it('keeps each function log group for the configured retention', () => {
    // Prepare
    const { template, config } = built.prod;

    // Assess
    for (const name of ['check-client', 'create-update-client']) {
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/lambda/clienttether-api-prod-${name}`,
        RetentionInDays: config.logRetention,
      });
    }
  });

  it('retains prod function logs when the stack is deleted', () => {
    // Prepare
    const logGroups = built.prod.template.findResources('AWS::Logs::LogGroup');

    // Act
    const policies = Object.values(logGroups).map((lg) => lg.DeletionPolicy);

    // Assess
    expect(new Set(policies)).toEqual(new Set(['Retain']));
  });

  it('gives the roles no AWS-managed policy', () => {
    // Prepare
    const roles = built.dev.template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [
            Match.objectLike({
              Principal: { Service: 'lambda.amazonaws.com' },
            }),
          ],
        },
      },
    });

    // Act
    const managed = Object.values(roles).map(
      (role) => role.Properties.ManagedPolicyArns,
    );

    // Assess
    expect(managed.length).toBeGreaterThanOrEqual(3);
    expect(managed.every((arns) => arns === undefined)).toBe(true);
  });
});
