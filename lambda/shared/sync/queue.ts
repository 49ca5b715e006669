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

// Kept on the global object, not in this module: the local server runs
// bundled handlers too, each with its own copy of this module, and all of
// them must see the one in-process queue.
const OVERRIDE = Symbol.for('clienttether-api.sync-queue');

type WithOverride = typeof globalThis & { [OVERRIDE]?: SyncQueue };

/** Replaces the queue for this process (local server, tests). */
export function useSyncQueue(queue: SyncQueue | undefined): void {
  (globalThis as WithOverride)[OVERRIDE] = queue;
}

function overrideQueue(): SyncQueue | undefined {
  return (globalThis as WithOverride)[OVERRIDE];
}

/**
 * The queue configured for this environment, or none: without one,
 * bookings are not queued and an outage is answered as such.
 */
export async function syncQueueFor(
  settings: Settings,
): Promise<SyncQueue | undefined> {
  const override = overrideQueue();
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
  return overrideQueue() !== undefined || settings.syncQueueUrl !== undefined;
}
