import {
  ChangeMessageVisibilityCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import {
  handler as createUpdate,
  createUpdateClient,
} from '../../../lambda/handlers/create-update-client';
import { handler as worker } from '../../../lambda/handlers/sync-worker';
import { createUpdateClientQueuedSchema } from '../../../lambda/shared/api/responses';
import { ClientTetherRejectedError } from '../../../lambda/shared/clienttether/errors';
import type { ClientTetherApi } from '../../../lambda/shared/clienttether/types';
import { Deadline } from '../../../lambda/shared/deadline';
import { readSettings } from '../../../lambda/shared/settings';
import { queuedBookingSchema } from '../../../lambda/shared/sync/message';
import { useSyncQueue } from '../../../lambda/shared/sync/queue';
import { SqsSyncQueue } from '../../../lambda/shared/sync/sqs-queue';
import { InProcessSyncQueue } from '../../../local/sync-queue';
import { apiEvent, lambdaContext } from '../../helpers/api-event';
import { useLocalTable } from '../../helpers/dynalite';
import {
  MAIN_ACCOUNT,
  useHandlerEnvironment,
} from '../../helpers/handler-environment';

let queue: InProcessSyncQueue;

useLocalTable('write-behind-test', {
  SYNC_MAX_ATTEMPTS: '3',
  SYNC_RETRY_BASE_SECONDS: '10',
});

afterAll(() => {
  useSyncQueue(undefined);
});

const env = useHandlerEnvironment('write-behind-test-secret');

beforeEach(() => {
  queue = new InProcessSyncQueue();
  useSyncQueue(queue);
});

const BOOKING = {
  customer_first_name: 'Quinn',
  customer_last_name: 'Outage',
  customer_phone: '312 555 0166',
  customer_email: 'quinn.outage@example.com',
  appointment_date: '2026-12-20',
  appointment_time: '11:00',
  call_id: 'call-outage',
};

async function book(body: unknown = BOOKING) {
  const result = await createUpdate(
    apiEvent(body, { path: '/create-update-client' }),
    lambdaContext(),
  );

  return {
    result,
    body: JSON.parse(result.body) as Record<string, unknown>,
  };
}

async function runWorker() {
  const event = queue.receive();
  const response = await worker(event, lambdaContext('sync-worker'));
  queue.acknowledge(event, response);

  return { event, response };
}

function mainClients() {
  return env.emulator.clients(MAIN_ACCOUNT.webKey);
}

describe('create-update-client when ClientTether is down', () => {
  it.each([
    ['hangs', 'hang'],
    ['fails', 'http_500'],
    ['refuses the credentials', 'credentials_rejected'],
  ] as const)(
    'answers 202 and queues the booking when ClientTether %s',
    async (_, kind) => {
      // Prepare
      env.emulator.injectFault({ kind });
      const started = Date.now();

      // Act
      const { result, body } = await book();

      // Assess
      expect(result.statusCode).toBe(202);
      expect(createUpdateClientQueuedSchema.parse(body)).toMatchObject({
        success: true,
        operation: 'queued',
        client_id: null,
        customer_phone: '3125550166',
      });
      expect(Date.now() - started).toBeLessThan(4000);
      expect(queue.pending()).toBe(1);
      if (kind === 'credentials_rejected') {
        // The credentials alarm must fire even when only bookings arrive.
        expect(env.logs.lines()).toContainEqual(
          expect.objectContaining({ errorCode: 'credentials_rejected' }),
        );
      }
      const event = queue.receive();
      const message = queuedBookingSchema.parse(
        JSON.parse(event.Records[0]?.body ?? ''),
      );
      expect(message).toMatchObject({
        callId: 'call-outage',
        requestId: body.request_id,
        booking: { keys: { phone: '3125550166' } },
      });
    },
  );

  it('answers 400 for invalid input and queues nothing', async () => {
    // Prepare
    env.emulator.injectFault({ kind: 'http_500' });

    // Act
    const { result } = await book({ customer_first_name: 'Quinn' });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(queue.pending()).toBe(0);
  });

  it('answers 404 for an unknown client_id and queues nothing', async () => {
    // Act
    const { result } = await book({ client_id: '31337', notes: 'hello' });

    // Assess
    expect(result.statusCode).toBe(404);
    expect(queue.pending()).toBe(0);
  });

  it('answers 502 when ClientTether rejects the content, and queues nothing', async () => {
    // Prepare
    const rejecting = {
      findByPhone: async () => [],
      findByEmail: async () => [],
      create: async () => {
        throw new ClientTetherRejectedError('create_client', 'CT525');
      },
    } as unknown as ClientTetherApi;
    const context = {
      requestId: 'r-1',
      lambdaContext: lambdaContext(),
      deadline: new Deadline(2000),
      settings: { ...readSettings(), idempotencyTableName: undefined },
      clienttether: rejecting,
    };

    // Act
    const answer = createUpdateClient(
      { ...BOOKING, customer_phone: '3125550166' },
      context,
    );

    // Assess
    await expect(answer).rejects.toBeInstanceOf(ClientTetherRejectedError);
    expect(queue.pending()).toBe(0);
  });

  it('replays the 202 to a Bland retry without queueing twice', async () => {
    // Prepare
    env.emulator.injectFault({ kind: 'http_500' });
    await book();

    // Act
    const retry = await book();

    // Assess
    expect(retry.result.statusCode).toBe(202);
    expect(queue.pending()).toBe(1);
  });
});

describe('sync worker', () => {
  it('applies a queued booking once ClientTether is back', async () => {
    // Prepare
    env.emulator.injectFault({ kind: 'http_500' });
    await book();
    env.emulator.clearFaults();

    // Act
    const { response } = await runWorker();

    // Assess
    expect(response?.batchItemFailures).toEqual([]);
    expect(mainClients()).toEqual([
      expect.objectContaining({ firstName: 'Quinn', phone: '3125550166' }),
    ]);
    expect(queue.pending()).toBe(0);
  });

  it('keeps the booking and retries later while ClientTether stays down', async () => {
    // Prepare
    env.emulator.injectFault({ kind: 'http_500' });
    await book();
    const retryLater = jest.spyOn(queue, 'retryLater');

    // Act
    const { event, response } = await runWorker();

    // Assess
    expect(response?.batchItemFailures).toEqual([
      { itemIdentifier: event.Records[0]?.messageId },
    ]);
    expect(retryLater).toHaveBeenCalledWith(expect.any(String), 10);
    expect(queue.pending()).toBe(1);
    expect(mainClients()).toHaveLength(0);
  });

  it('dead-letters the booking after the last attempt and logs no personal data', async () => {
    // Prepare
    env.emulator.injectFault({ kind: 'http_500' });
    await book();
    const now = Date.now();
    const event = queue.receive();
    const record = event.Records[0];
    if (!record) throw new Error('nothing queued');
    record.attributes.ApproximateReceiveCount = '3';
    env.logs.clear();

    // Act
    const response = await worker(event, lambdaContext('sync-worker'));
    queue.acknowledge(event, response);

    // Assess
    expect(response?.batchItemFailures).toEqual([]);
    expect(queue.pending()).toBe(0);
    expect(queue.deadLettered()).toEqual([
      expect.objectContaining({ callId: 'call-outage' }),
    ]);
    expect(env.logs.lines()).toContainEqual(
      expect.objectContaining({
        errorCode: 'booking_dead_lettered',
        call_id: 'call-outage',
        phoneLast4: '0166',
        attempts: 3,
      }),
    );
    expect(env.logs.text()).not.toContain('3125550166');
    expect(env.logs.text()).not.toContain('quinn.outage@example.com');
    expect(Date.now() - now).toBeLessThan(5000);
  });

  it('dead-letters at once a message that is not a queued booking', async () => {
    // Prepare
    const event = queue.receive();
    event.Records.push({
      ...(await queuedRecord()),
      body: '{"hello":"world"}',
    });

    // Act
    const response = await worker(event, lambdaContext('sync-worker'));

    // Assess
    expect(response?.batchItemFailures).toEqual([]);
    expect(queue.deadLettered()).toEqual([{ hello: 'world' }]);
  });

  it('never duplicates: a queued write and a fresh booking of the same caller', async () => {
    // Prepare
    env.emulator.injectFault({ kind: 'http_500' });
    await book();
    env.emulator.clearFaults();
    const fresh = await book({ ...BOOKING, appointment_time: '16:00' });

    // Act
    await runWorker();

    // Assess
    expect(fresh.body.operation).toBe('create');
    expect(mainClients()).toHaveLength(1);
  });

  it('updates the client the e-mail finds, as the handler would', async () => {
    // Prepare
    const existing = env.emulator.seed(MAIN_ACCOUNT.webKey, {
      firstName: 'Quinn',
      lastName: 'Outage',
      email: 'quinn.outage@example.com',
    });
    env.emulator.injectFault({ kind: 'hang', times: 4 });
    await book();

    // Act
    await runWorker();

    // Assess
    expect(mainClients()).toEqual([
      expect.objectContaining({
        client_id: existing.client_id,
        phone: '3125550166',
      }),
    ]);
  });
});

describe('SqsSyncQueue', () => {
  it('sends bookings to the queue, delays and dead-letters by URL', async () => {
    // Prepare
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    const sqsQueue = SqsSyncQueue.for(
      'https://queue/main',
      'https://queue/dlq',
    );
    const message = queuedBookingSchema.parse(
      JSON.parse((await queuedRecord()).body),
    );

    // Act
    await sqsQueue.send(message);
    await sqsQueue.retryLater('receipt-1', 60);
    await sqsQueue.deadLetter(message);

    // Assess
    const sends = sqs.commandCalls(SendMessageCommand);
    expect(sends.map((call) => call.args[0].input.QueueUrl)).toEqual([
      'https://queue/main',
      'https://queue/dlq',
    ]);
    expect(
      sqs.commandCalls(ChangeMessageVisibilityCommand)[0]?.args[0].input,
    ).toEqual({
      QueueUrl: 'https://queue/main',
      ReceiptHandle: 'receipt-1',
      VisibilityTimeout: 60,
    });
    sqs.restore();
  });
});

/** A real queued record, made by an outage and taken off the queue. */
async function queuedRecord() {
  const scratch = new InProcessSyncQueue();
  useSyncQueue(scratch);
  env.emulator.injectFault({ kind: 'http_500', times: 50 });
  await book({ ...BOOKING, appointment_id: `scratch-${Math.random()}` });
  env.emulator.clearFaults();
  useSyncQueue(queue);
  const record = scratch.receive().Records[0];
  if (!record) throw new Error('nothing queued');

  return record;
}
