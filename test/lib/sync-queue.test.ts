import { Match } from 'aws-cdk-lib/assertions';
import { buildStacks } from './fixtures';
import { actionsWith, statementsByFunction } from './roles';

const built = buildStacks({
  dev: { envName: 'dev' },
  prod: { envName: 'prod' },
});

/** Queue properties by queue name. */
function queuesOf(key: keyof typeof built) {
  const queues = built[key].template.findResources('AWS::SQS::Queue');
  const entries = Object.values(queues).map(
    (q) => [q.Properties.QueueName as string, q] as const,
  );

  return Object.fromEntries(entries);
}

describe('SyncQueue', () => {
  it('sends a write to the dead-letter queue after the configured attempts', () => {
    // Prepare
    const { config } = built.prod;

    // Act
    const queue = queuesOf('prod')['clienttether-api-prod-sync'];

    // Assess
    expect(queue?.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: {
        'Fn::GetAtt': [expect.stringMatching(/DeadLetterQueue/), 'Arn'],
      },
      maxReceiveCount: config.sync.maxAttempts,
    });
  });

  it('encrypts both queues and retains them in prod', () => {
    // Act
    const queues = Object.values(queuesOf('prod'));

    // Assess
    expect(queues).toHaveLength(2);
    for (const queue of queues) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      expect(queue.DeletionPolicy).toBe('Retain');
    }
  });

  it('refuses requests to the queues without TLS', () => {
    // Assess
    built.prod.template.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      },
      2,
    );
  });

  it('hides a message six worker timeouts while it is worked on', () => {
    // Prepare
    const worker = Object.values(
      built.prod.template.findResources('AWS::Lambda::Function', {
        Properties: { FunctionName: 'clienttether-api-prod-sync-worker' },
      }),
    )[0];

    // Act
    const queue = queuesOf('prod')['clienttether-api-prod-sync'];

    // Assess
    expect(queue?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
      6 * worker?.Properties.Timeout,
    );
  });

  it('feeds the worker batches that report single failures', () => {
    // Prepare
    const { template, config } = built.prod;

    // Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('^SyncWorker') },
      BatchSize: config.sync.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('lets create-update-client only send, and the worker only consume', () => {
    // Act
    const statements = statementsByFunction(built.dev.template);
    const sqsOf = (name: string) =>
      actionsWith(statements[`clienttether-api-dev-${name}`] ?? [], 'sqs:');

    // Assess
    expect(sqsOf('create-update-client')).toEqual(['sqs:SendMessage']);
    expect(sqsOf('sync-worker')).toEqual(
      expect.arrayContaining([
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:ReceiveMessage',
      ]),
    );
    expect(sqsOf('check-client')).toEqual([]);
    expect(sqsOf('delete-client')).toEqual([]);
  });

  it('lets the worker send only to the dead-letter queue', () => {
    // Act
    const statements = statementsByFunction(built.dev.template)[
      'clienttether-api-dev-sync-worker'
    ];
    const sends = (statements ?? []).filter((s) =>
      [s.Action].flat().includes('sqs:SendMessage'),
    );

    // Assess
    expect(sends).toEqual([
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: {
          'Fn::GetAtt': [expect.stringMatching(/DeadLetterQueue/), 'Arn'],
        },
      },
    ]);
  });

  it('passes the worker its retry settings, matching the redrive', () => {
    // Prepare
    const { template, config } = built.prod;

    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'clienttether-api-prod-sync-worker',
      Environment: {
        Variables: Match.objectLike({
          SYNC_DLQ_URL: { Ref: Match.stringLikeRegexp('DeadLetterQueue') },
          SYNC_MAX_ATTEMPTS: String(config.sync.maxAttempts),
          SYNC_RETRY_BASE_SECONDS: String(config.sync.retryBaseSeconds),
          SYNC_DEADLINE_MS: String(config.sync.deadlineMs),
        }),
      },
    });
  });

  it('stops the worker only after its sync deadline', () => {
    // Prepare
    const { template, config } = built.prod;
    const [worker] = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { FunctionName: 'clienttether-api-prod-sync-worker' },
      }),
    );

    // Assess
    expect(worker?.Properties.Timeout * 1000).toBeGreaterThan(
      config.sync.deadlineMs,
    );
  });

  it('tells create-update-client and the worker the queue URL', () => {
    // Prepare
    const functions = built.dev.template.findResources('AWS::Lambda::Function');

    // Act
    const withQueue = Object.values(functions)
      .filter((fn) => fn.Properties.Environment.Variables.SYNC_QUEUE_URL)
      .map((fn) => fn.Properties.FunctionName)
      .sort();

    // Assess
    expect(withQueue).toEqual([
      'clienttether-api-dev-create-update-client',
      'clienttether-api-dev-sync-worker',
    ]);
  });

  it('gives the worker the idempotency table for the per-caller lease', () => {
    // Act
    const statements = statementsByFunction(built.dev.template);

    // Assess
    expect(
      actionsWith(
        statements['clienttether-api-dev-sync-worker'] ?? [],
        'dynamodb:',
      ),
    ).toContain('dynamodb:PutItem');
  });

  it('alarms on dead letters and on the age of the oldest write', () => {
    // Prepare
    const { template, config } = built.prod;

    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'clienttether-api-prod-DeadLetters',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'clienttether-api-prod-QueueAge',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: config.sync.oldestMessageAlarmSeconds,
    });
  });

  it('outputs the queue URLs and the replay command', () => {
    // Act
    const outputs = built.dev.template.findOutputs('*');

    // Assess
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'SyncQueueUrl',
        'DeadLetterQueueUrl',
        'ReplayDeadLettersCommand',
      ]),
    );
    expect(JSON.stringify(outputs.ReplayDeadLettersCommand?.Value)).toContain(
      'aws sqs start-message-move-task',
    );
  });
});
