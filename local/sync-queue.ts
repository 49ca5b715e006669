import { randomUUID } from 'node:crypto';
import type {
  Context,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import type { QueuedBooking } from '../lambda/shared/sync/message';
import type { SyncQueue } from '../lambda/shared/sync/queue';

/** The worker as Lambda runs it: an SQS event in, failures out. */
export type SyncWorker = (
  event: SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | undefined>;

interface StoredMessage {
  messageId: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
  receiptHandle?: string;
  sentAt: number;
}

/** Options of the in-process queue. */
export interface InProcessSyncQueueOptions {
  /** How long a delivered message stays hidden unless told otherwise. */
  visibilityTimeoutSeconds?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * A small stand-in for SQS that the local server runs in-process (no SQS
 * server runs offline): messages, receive counts, visibility delays, a
 * dead-letter list, and a loop that hands batches to the same worker
 * handler Lambda runs.
 */
export class InProcessSyncQueue implements SyncQueue {
  private readonly messages: StoredMessage[] = [];

  private readonly deadLetters: string[] = [];

  private readonly visibilityMs: number;

  private readonly now: () => number;

  private timer: NodeJS.Timeout | undefined;

  private delivering: Promise<unknown> | undefined;

  public constructor(options: InProcessSyncQueueOptions = {}) {
    this.visibilityMs = (options.visibilityTimeoutSeconds ?? 30) * 1000;
    this.now = options.now ?? Date.now;
  }

  public async send(message: QueuedBooking): Promise<void> {
    this.messages.push({
      messageId: randomUUID(),
      body: JSON.stringify(message),
      receiveCount: 0,
      visibleAt: this.now(),
      sentAt: this.now(),
    });
  }

  public async retryLater(
    receiptHandle: string,
    delaySeconds: number,
  ): Promise<void> {
    const message = this.messages.find(
      (stored) => stored.receiptHandle === receiptHandle,
    );
    if (message) {
      message.visibleAt = this.now() + delaySeconds * 1000;
    }
  }

  public async deadLetter(message: QueuedBooking | string): Promise<void> {
    this.deadLetters.push(
      typeof message === 'string' ? message : JSON.stringify(message),
    );
  }

  /** Messages still waiting or in flight. */
  public pending(): number {
    return this.messages.length;
  }

  /** Bodies parked in the dead-letter list, parsed. */
  public deadLettered(): unknown[] {
    return this.deadLetters.map((body) => JSON.parse(body) as unknown);
  }

  /** Takes up to `max` visible messages as an SQS event. */
  public receive(max = 10): SQSEvent {
    const now = this.now();
    const batch = this.messages
      .filter((message) => message.visibleAt <= now)
      .slice(0, max);

    for (const message of batch) {
      message.receiveCount += 1;
      message.visibleAt = now + this.visibilityMs;
      message.receiptHandle = randomUUID();
    }

    return { Records: batch.map((message) => toRecord(message)) };
  }

  /** Deletes the delivered messages the worker did not report as failed. */
  public acknowledge(event: SQSEvent, response?: SQSBatchResponse): void {
    const failed = new Set(
      (response?.batchItemFailures ?? []).map((item) => item.itemIdentifier),
    );

    for (const record of event.Records) {
      if (!failed.has(record.messageId)) {
        const index = this.messages.findIndex(
          (message) => message.messageId === record.messageId,
        );
        this.messages.splice(index, 1);
      }
    }
  }

  /** Hands one batch to the worker; resolves with how many it held. */
  public async deliverOnce(
    worker: SyncWorker,
    context: Context,
  ): Promise<number> {
    const event = this.receive();
    if (event.Records.length === 0) {
      return 0;
    }

    const response = await worker(event, context);
    this.acknowledge(event, response ?? undefined);

    return event.Records.length;
  }

  /**
   * Polls for visible messages every `intervalMs` until stopped, with a
   * fresh Lambda context for every batch.
   */
  public start(
    worker: SyncWorker,
    contextFor: () => Context,
    intervalMs = 500,
  ): void {
    this.timer ??= setInterval(() => {
      this.delivering ??= this.deliverOnce(worker, contextFor())
        .catch(() => 0)
        .finally(() => {
          this.delivering = undefined;
        });
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops polling and waits for a delivery under way. */
  public async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.delivering;
  }
}

function toRecord(message: StoredMessage): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle ?? '',
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(message.sentAt),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:sync-queue',
    awsRegion: 'local',
  };
}
