import { Match } from 'aws-cdk-lib/assertions';
import { buildStacks } from './fixtures';

const built = buildStacks({
  dev: { envName: 'dev' },
  prod: { envName: 'prod' },
  imported: {
    envName: 'staging',
    overrides: { secret: { existing: 'shared/clienttether' } },
  },
});

/** Every statement of every IAM policy that names secretsmanager. */
function secretStatements(key: keyof typeof built) {
  const policies = built[key].template.findResources('AWS::IAM::Policy');

  return Object.values(policies)
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
    .filter((statement) =>
      JSON.stringify(statement.Action).includes('secretsmanager:'),
    );
}

describe('ClientTether secret', () => {
  it('creates the secret with empty credentials for the operator to set', () => {
    // Prepare
    const secrets = built.dev.template.findResources(
      'AWS::SecretsManager::Secret',
    );
    const [secret] = Object.values(secrets);

    // Act
    const template = JSON.parse(
      secret?.Properties.GenerateSecretString.SecretStringTemplate,
    );

    // Assess
    expect(template).toEqual({
      accessToken: '',
      webKey: '',
      locationWebKeys: {},
    });
    expect(secret?.Properties.SecretString).toBeUndefined();
  });

  it('retains the prod secret when the stack is deleted', () => {
    // Assess
    built.prod.template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('lets every function only get the value of its one secret', () => {
    // Act
    const statements = secretStatements('dev');

    // Assess
    expect(statements.length).toBeGreaterThanOrEqual(3);
    for (const statement of statements) {
      expect(statement).toEqual({
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: { Ref: expect.stringMatching(/^ClientTetherSecret/) },
      });
    }
  });

  it('imports an existing secret by name and fetches it by that name', () => {
    // Prepare
    const { template } = built.imported;

    // Act
    const statements = secretStatements('imported');

    // Assess
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(JSON.stringify(statements[0]?.Resource)).toContain(
      ':secret:shared/clienttether-??????',
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CLIENTTETHER_SECRET_ID: 'shared/clienttether',
        }),
      },
    });
  });

  it('outputs the command that sets the secret value', () => {
    // Prepare
    const outputs = built.dev.template.findOutputs('SecretValueCommand');

    // Act
    const command = JSON.stringify(outputs.SecretValueCommand?.Value);

    // Assess
    expect(command).toContain('aws secretsmanager put-secret-value');
    expect(command).toContain('locationWebKeys');
  });
});
