import { Match } from 'aws-cdk-lib/assertions';
import { buildStacks } from './fixtures';
import { actionsWith, statementsByFunction } from './roles';

const built = buildStacks({
  dev: { envName: 'dev' },
  prod: { envName: 'prod' },
});

const ITEM_ACTIONS = [
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

describe('IdempotencyTable', () => {
  it('creates an on-demand table keyed by id that expires records', () => {
    // Assess
    built.dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'clienttether-api-dev-idempotency',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('retains the prod table and deletes the dev table with its stack', () => {
    // Assess
    built.prod.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
    });
    built.dev.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
    });
  });

  it('lets only the write handlers use the table, with item actions', () => {
    // Act
    const statements = statementsByFunction(built.dev.template);

    // Assess
    expect(
      actionsWith(
        statements['clienttether-api-dev-check-client'] ?? [],
        'dynamodb:',
      ),
    ).toEqual([]);
    for (const name of ['create-update-client', 'delete-client']) {
      expect(
        actionsWith(
          statements[`clienttether-api-dev-${name}`] ?? [],
          'dynamodb:',
        ),
      ).toEqual(ITEM_ACTIONS);
    }
  });

  it('scopes table access to the idempotency table alone', () => {
    // Act
    const statements = Object.values(statementsByFunction(built.dev.template))
      .flat()
      .filter((s) => actionsWith([s], 'dynamodb:').length > 0);

    // Assess
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Resource).toEqual([
        { 'Fn::GetAtt': [expect.stringMatching(/^Idempotency/), 'Arn'] },
      ]);
    }
  });

  it('tells the write handlers the table name and window', () => {
    // Prepare
    const { template, config } = built.prod;

    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'clienttether-api-prod-create-update-client',
      Environment: {
        Variables: Match.objectLike({
          IDEMPOTENCY_TABLE_NAME: {
            Ref: Match.stringLikeRegexp('^Idempotency'),
          },
          IDEMPOTENCY_WINDOW_SECONDS: String(config.idempotencyWindowSeconds),
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'clienttether-api-prod-check-client',
      Environment: {
        Variables: Match.objectLike({ IDEMPOTENCY_TABLE_NAME: Match.absent() }),
      },
    });
  });
});
