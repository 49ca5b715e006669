import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config';
import type { HandlerFunction } from './handler-function';
import { removalPolicyFor } from './removal';

/** Properties of the write-behind queue. */
export interface SyncQueueProps {
  readonly config: EnvironmentConfig;

  /** Resource name prefix, such as `clienttether-api-dev`. */
  readonly namePrefix: string;

  /** Lambda timeout of the worker; the visibility timeout derives from it. */
  readonly workerTimeout: Duration;
}

/**
 * Lambda's advice for SQS sources: a visibility timeout of at least six
 * times the function timeout, so a message is not handed out again while
 * a throttled or retried invocation may still be working on it.
 */
const VISIBILITY_PER_WORKER_TIMEOUT = 6;

/**
 * Parallel worker invocations at most (2 is the lowest SQS allows), so a
 * backlog after an outage drains without a request storm on ClientTether.
 */
const WORKER_MAX_CONCURRENCY = 2;

/**
 * The durable write-behind of create-update-client: a queue the handler
 * may only send to, a worker that consumes it, and a dead-letter queue for
 * writes that failed every attempt.
 */
export class SyncQueue extends Construct {
  /** Queued client writes. */
  public readonly queue: Queue;

  /** Writes that failed every attempt, kept for replay. */
  public readonly deadLetterQueue: Queue;

  private readonly props: SyncQueueProps;

  public constructor(scope: Construct, id: string, props: SyncQueueProps) {
    super(scope, id);

    this.props = props;
    const removalPolicy = removalPolicyFor(props.config);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `${props.namePrefix}-sync-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });

    this.queue = new Queue(this, 'Queue', {
      queueName: `${props.namePrefix}-sync`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      visibilityTimeout: Duration.seconds(
        props.workerTimeout.toSeconds() * VISIBILITY_PER_WORKER_TIMEOUT,
      ),
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: props.config.sync.maxAttempts,
      },
      removalPolicy,
    });
  }

  /** Lets `fn` put writes on the queue, and nothing else. */
  public grantSendTo(fn: HandlerFunction): void {
    fn.role.addToPolicy(
      new PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
      }),
    );
    fn.function.addEnvironment('SYNC_QUEUE_URL', this.queue.queueUrl);
  }

  /**
   * Makes `fn` the queue's worker: batches with partial failures, the
   * right to change a message's visibility for its growing retry delays,
   * and to park a write in the dead-letter queue itself (with a log line
   * for the operator) once ClientTether rejects it or attempts run out.
   */
  public consumeWith(fn: HandlerFunction): void {
    const { sync } = this.props.config;

    fn.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: sync.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: WORKER_MAX_CONCURRENCY,
      }),
    );
    fn.role.addToPolicy(
      new PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );

    const environment = {
      SYNC_QUEUE_URL: this.queue.queueUrl,
      SYNC_DLQ_URL: this.deadLetterQueue.queueUrl,
      SYNC_MAX_ATTEMPTS: String(sync.maxAttempts),
      SYNC_RETRY_BASE_SECONDS: String(sync.retryBaseSeconds),
      SYNC_DEADLINE_MS: String(sync.deadlineMs),
    };
    for (const [name, value] of Object.entries(environment)) {
      fn.function.addEnvironment(name, value);
    }
  }
}
