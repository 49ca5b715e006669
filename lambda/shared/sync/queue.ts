import type { Settings } from '../settings';
import type { QueuedBooking } from './message';

/**
 * Where bookings wait while ClientTether is down. In Lambda it is SQS; the
 * local server plugs in an in-process queue with the same behaviour.
 */
export interface SyncQueue {
  /** Stores a booking durably; resolves once it is safe. */
  send(message: QueuedBooking): Promise<void>;

  /** Hides a delivered message for a while before it is tried again. */
  retryLater(receiptHandle: string, delaySeconds: number): Promise<void>;

  /** Parks a booking that cannot be applied, for an operator to replay. */
  deadLetter(message: QueuedBooking | string): Promise<void>;
}

let override: SyncQueue | undefined;

/** Replaces the queue for this process (local server, tests). */
export function useSyncQueue(queue: SyncQueue | undefined): void {
  override = queue;
}

/**
 * The queue configured for this environment, or none: without one,
 * bookings are not queued and an outage is answered as such.
 */
export async function syncQueueFor(
  settings: Settings,
): Promise<SyncQueue | undefined> {
  if (override) {
    return override;
  }
  if (!settings.syncQueueUrl) {
    return undefined;
  }

  // Loaded on first use: most requests never queue, and the SQS client
  // would only lengthen every cold start.
  const { SqsSyncQueue } = await import('./sqs-queue');

  return SqsSyncQueue.for(settings.syncQueueUrl, settings.syncDeadLetterUrl);
}

/** Whether any queue is available, without loading the SQS client. */
export function hasSyncQueue(settings: Settings): boolean {
  return override !== undefined || settings.syncQueueUrl !== undefined;
}
