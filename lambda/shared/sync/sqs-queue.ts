import {
  ChangeMessageVisibilityCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueuedBooking } from './message';
import type { SyncQueue } from './queue';

let client: SQSClient | undefined;
const queues = new Map<string, SqsSyncQueue>();

/** The write-behind queue on Amazon SQS. */
export class SqsSyncQueue implements SyncQueue {
  private constructor(
    private readonly queueUrl: string,
    private readonly deadLetterUrl: string | undefined,
  ) {}

  /** One instance per queue, sharing one client and its connections. */
  public static for(queueUrl: string, deadLetterUrl?: string): SqsSyncQueue {
    const key = `${queueUrl} ${deadLetterUrl ?? ''}`;
    let queue = queues.get(key);
    if (!queue) {
      queue = new SqsSyncQueue(queueUrl, deadLetterUrl);
      queues.set(key, queue);
    }

    return queue;
  }

  public async send(message: QueuedBooking): Promise<void> {
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
      }),
    );
  }

  public async retryLater(
    receiptHandle: string,
    delaySeconds: number,
  ): Promise<void> {
    await sqs().send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: delaySeconds,
      }),
    );
  }

  public async deadLetter(message: QueuedBooking | string): Promise<void> {
    if (!this.deadLetterUrl) {
      throw new Error('SYNC_DLQ_URL is not set: cannot dead-letter');
    }

    await sqs().send(
      new SendMessageCommand({
        QueueUrl: this.deadLetterUrl,
        MessageBody:
          typeof message === 'string' ? message : JSON.stringify(message),
      }),
    );
  }
}

function sqs(): SQSClient {
  client ??= new SQSClient({});

  return client;
}
