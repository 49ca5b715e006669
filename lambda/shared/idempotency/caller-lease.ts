import { createHash } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Deadline } from '../deadline';
import { RequestInProgressError } from '../http/errors';
import { logger } from '../logger';
import type { CallerKeys } from '../operations/find-client';
import { tableClient } from './table';

/** Who asks for a lease, and for which caller. */
export interface LeaseRequest {
  tableName: string | undefined;
  locationId: string | undefined;
  keys: CallerKeys;
  owner: string;
  deadline: Deadline;
}

/** Pause between attempts to take a held lease. */
const POLL_MS = 100;

/** Time kept back to answer after giving up on a lease. */
const ANSWER_MARGIN_MS = 250;

/** Extra life of a lease beyond its holder's deadline. */
const LEASE_MARGIN_MS = 2000;

/**
 * Runs a lookup-then-write for one caller while holding a short lease on
 * each of the caller's keys (location and phone, location and e-mail), so
 * two different bookings of the same new caller cannot both create. The
 * lease items hold only a hash of the key and expire by themselves should
 * a holder crash.
 */
export async function withCallerLease<T>(
  request: LeaseRequest,
  work: () => Promise<T>,
): Promise<T> {
  if (!request.tableName) {
    return work();
  }

  const ids = leaseIds(request.locationId, request.keys);
  if (ids.length === 0) {
    return work();
  }

  await acquireAll(request, ids);
  try {
    return await work();
  } finally {
    await releaseAll(request, ids);
  }
}

/** Lease ids of the caller's keys; hashes, so no personal data is kept. */
function leaseIds(locationId: string | undefined, keys: CallerKeys): string[] {
  const location = locationId ?? '';
  const parts = [
    keys.phone && `phone:${keys.phone}`,
    keys.email && `email:${keys.email}`,
  ].filter((part): part is string => Boolean(part));

  return parts.map((part) => {
    const hash = createHash('sha256').update(`${location}|${part}`);

    return `lease#${hash.digest('hex')}`;
  });
}

/**
 * Takes every lease in one round trip. When any is held elsewhere, the
 * ones taken are given back before waiting, so two requests each holding
 * one key of the same caller never wait on each other; the jittered pause
 * keeps them from colliding again in step.
 */
async function acquireAll(request: LeaseRequest, ids: string[]) {
  let waited = false;
  for (;;) {
    const taken = await Promise.all(ids.map((id) => tryAcquire(request, id)));
    if (taken.every(Boolean)) {
      if (waited) {
        logger.info('Took the caller lease after waiting');
      }
      return;
    }

    await releaseAll(
      request,
      ids.filter((_, index) => taken[index]),
    );

    waited = true;
    if (request.deadline.remainingMs() < POLL_MS * 2 + ANSWER_MARGIN_MS) {
      logger.warn('Caller lease still held; asking the caller to retry');
      throw new RequestInProgressError(2);
    }
    await sleep(POLL_MS / 2 + Math.random() * POLL_MS);
  }
}

async function releaseAll(request: LeaseRequest, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => release(request, id)));
}

async function tryAcquire(request: LeaseRequest, id: string) {
  const now = Date.now();
  const until = now + request.deadline.remainingMs() + LEASE_MARGIN_MS;

  try {
    await tableClient().send(
      new PutItemCommand({
        TableName: request.tableName,
        Item: {
          id: { S: id },
          owner: { S: request.owner },
          lease_until: { N: String(until) },
          expiration: { N: String(Math.ceil(until / 1000) + 60) },
        },
        ConditionExpression: 'attribute_not_exists(id) OR lease_until < :now',
        ExpressionAttributeValues: { ':now': { N: String(now) } },
      }),
    );

    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      return false;
    }
    throw error;
  }
}

async function release(request: LeaseRequest, id: string): Promise<void> {
  try {
    await tableClient().send(
      new DeleteItemCommand({
        TableName: request.tableName,
        Key: { id: { S: id } },
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': { S: request.owner } },
      }),
    );
  } catch (error) {
    // An expired lease taken over by another request is theirs now; any
    // other failure only delays the next holder until the lease expires.
    if (!(error instanceof ConditionalCheckFailedException)) {
      logger.warn('Could not release a caller lease', { error });
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
