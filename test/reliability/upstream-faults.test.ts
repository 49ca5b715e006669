import { setTimeout as sleep } from 'node:timers/promises';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type {
  EmulatorCall,
  FaultKind,
  FaultSpec,
} from '../../emulator/emulator';
import { useSyncQueue } from '../../lambda/shared/sync/queue';
import { InProcessSyncQueue } from '../../local/sync-queue';
import {
  MAIN_ACCOUNT,
  useHandlerEnvironment,
} from '../helpers/handler-environment';
import {
  type Answer,
  contractProblems,
  ENDPOINTS,
  type EndpointName,
  invoke,
} from './endpoints';
import { LeakWatch } from './leak-check';

/** Small, so a hung ClientTether costs a test little time. */
const DEADLINE_MS = 1500;

/** Per attempt: a read has room for three attempts within the deadline. */
const REQUEST_TIMEOUT_MS = 400;

/** Slower than one attempt may take, so the client gives up on it. */
const SLOW_MS = REQUEST_TIMEOUT_MS + 300;

/** Allowance for a busy 2-core machine on top of the deadline. */
const MARGIN_MS = 1000;

const env = useHandlerEnvironment('upstream-faults-test-secret', {
  HANDLER_DEADLINE_MS: String(DEADLINE_MS),
  CLIENTTETHER_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
});

const watch = new LeakWatch();

/** Upstream text that must never reach a caller. */
const UPSTREAM_MARKERS = [
  'DOCTYPE',
  'Bad Gateway',
  'Internal Server Error',
  'Unauthorized',
  'X-Access-Token',
  'CT_200',
];

const PHONE = '3125550188';

const EMAIL = 'fault.tester@example.com';

/** One ClientTether call one endpoint makes, and a request that makes it. */
interface Scenario {
  endpoint: EndpointName;
  call: EmulatorCall;
  /** Seeds what the request needs and returns its body. */
  prepare: () => Record<string, string>;
}

const BOOKING = {
  customer_first_name: 'Fay',
  customer_last_name: 'Ult',
  customer_phone: PHONE,
  customer_email: EMAIL,
  appointment_date: '2026-12-11',
};

function seedClient(): string {
  const client = env.emulator.seed(MAIN_ACCOUNT.webKey, {
    firstName: 'Fay',
    lastName: 'Ult',
    phone: PHONE,
    email: EMAIL,
    external_id: 'ext-fault',
  });

  return client.client_id;
}

const SCENARIOS: Record<string, Scenario> = {
  'check-client read_client_exist': {
    endpoint: 'check',
    call: 'read_client_exist',
    prepare: () => {
      seedClient();
      return { customer_phone: PHONE };
    },
  },
  'check-client read_client_by_id': {
    endpoint: 'check',
    call: 'read_client_by_id',
    prepare: () => {
      seedClient();
      return { customer_phone: PHONE };
    },
  },
  'create-update-client read_client_exist': {
    endpoint: 'createUpdate',
    call: 'read_client_exist',
    prepare: () => ({ ...BOOKING, customer_email: '' }),
  },
  'create-update-client create_client': {
    endpoint: 'createUpdate',
    call: 'create_client',
    prepare: () => ({ ...BOOKING, customer_email: '' }),
  },
  'create-update-client update_client_by_id': {
    endpoint: 'createUpdate',
    call: 'update_client_by_id',
    prepare: () => {
      seedClient();
      return { ...BOOKING, customer_email: '' };
    },
  },
  'delete-client delete_client_by_id': {
    endpoint: 'delete',
    call: 'delete_client_by_id',
    prepare: () => ({ client_id: seedClient() }),
  },
  'delete-client delete_client_by_external_id': {
    endpoint: 'delete',
    call: 'delete_client_by_external_id',
    prepare: () => {
      seedClient();
      return { external_id: 'ext-fault' };
    },
  },
};

const WRITES: ReadonlySet<EmulatorCall> = new Set([
  'create_client',
  'update_client_by_id',
  'delete_client_by_id',
  'delete_client_by_external_id',
]);

/** A fault and the answer the contract documents for it. */
interface FaultCase {
  fault: FaultSpec;
  status: number;
  error: string;
  resultCode?: string;
}

const FAULTS: Record<string, FaultCase> = {
  hangs: {
    fault: { kind: 'hang' },
    status: 504,
    error: 'upstream_timeout',
  },
  'answers after the timeout': {
    fault: { kind: 'latency', ms: SLOW_MS },
    status: 504,
    error: 'upstream_timeout',
  },
  'answers HTTP 500': {
    fault: { kind: 'http_500' },
    status: 502,
    error: 'upstream_error',
  },
  'answers an HTML page': {
    fault: { kind: 'html' },
    status: 502,
    error: 'upstream_error',
  },
  'answers broken JSON': {
    fault: { kind: 'invalid_json' },
    status: 502,
    error: 'upstream_error',
  },
  'answers an empty body': {
    fault: { kind: 'empty_body' },
    status: 502,
    error: 'upstream_error',
  },
  'resets the connection': {
    fault: { kind: 'reset' },
    status: 502,
    error: 'upstream_error',
  },
  'answers CT500': {
    fault: { kind: 'ct500' },
    status: 502,
    error: 'upstream_error',
    resultCode: 'CT500',
  },
  'rejects the credentials': {
    fault: { kind: 'credentials_rejected' },
    status: 502,
    error: 'credentials_rejected',
  },
};

/** Every scenario with every fault, as rows for `it.each`. */
function matrix(
  scenarios: Record<string, Scenario>,
): [string, string, Scenario, FaultCase][] {
  return Object.entries(scenarios).flatMap(([scenarioName, scenario]) =>
    Object.entries(FAULTS).map(
      ([faultName, fault]): [string, string, Scenario, FaultCase] => [
        scenarioName,
        faultName,
        scenario,
        fault,
      ],
    ),
  );
}

beforeEach(() => {
  env.emulator.setLatency(0);
  watch.forgetInputs();
});

afterEach(() => {
  // Every answer and every log line of the test, leaks included.
  expect(watch.logProblems(env.logs.text())).toEqual([]);
});

async function send(scenario: Scenario, body: Record<string, string>) {
  watch.watchInput(body);
  const endpoint = ENDPOINTS[scenario.endpoint];
  const answer = await invoke(endpoint, body);

  expect(contractProblems(endpoint, answer)).toEqual([]);
  expect(
    watch.answerProblems(answer.result.body, {
      upstreamMarkers: UPSTREAM_MARKERS,
    }),
  ).toEqual([]);

  return answer;
}

function callsOf(call: EmulatorCall): number {
  return env.emulator.calls().filter((recorded) => recorded.call === call)
    .length;
}

function expectFailure(answer: Answer, expected: FaultCase): void {
  expect(answer.result.statusCode).toBe(expected.status);
  expect(answer.body?.error).toBe(expected.error);
  if (expected.resultCode) {
    expect(answer.body?.result_code).toBe(expected.resultCode);
  }
  expect(answer.elapsedMs).toBeLessThan(DEADLINE_MS + MARGIN_MS);
}

/**
 * How often a call that keeps failing was made: writes once (twice when
 * the credentials were refused, since nothing was written then), reads
 * until the attempts or the deadline ran out.
 */
function expectAttempts(made: number, call: EmulatorCall, kind: FaultKind) {
  if (kind === 'credentials_rejected') {
    expect(made).toBe(2);
  } else if (WRITES.has(call)) {
    expect(made).toBe(1);
  } else {
    expect(made).toBeGreaterThan(1);
  }
}

/** A slow write may still land after we gave up; let it, as in life. */
async function letSlowWritesLand(
  call: EmulatorCall,
  fault: FaultSpec,
): Promise<void> {
  if (fault.kind === 'latency' && WRITES.has(call)) {
    await sleep(SLOW_MS);
  }
}

/** What the same request gets once ClientTether is healthy again. */
function recoveredStatus(scenario: Scenario, fault: FaultSpec): number {
  // A delete that landed late leaves nothing to delete: that is the truth.
  const slowDelete = scenario.endpoint === 'delete' && fault.kind === 'latency';

  return slowDelete ? 404 : 200;
}

describe('a ClientTether call that keeps failing', () => {
  it.each(matrix(SCENARIOS))(
    '%s: answers within the deadline, retrying only reads, when ClientTether %s; the next request succeeds',
    async (_, __, scenario, expected) => {
      // Prepare
      const body = scenario.prepare();
      env.emulator.injectFault({ ...expected.fault, calls: [scenario.call] });

      // Act
      const failed = await send(scenario, body);
      const attempts = callsOf(scenario.call);
      env.emulator.clearFaults();
      await letSlowWritesLand(scenario.call, expected.fault);
      const recovered = await send(scenario, body);

      // Assess
      expectFailure(failed, expected);
      expectAttempts(attempts, scenario.call, expected.fault.kind);
      expect(recovered.result.statusCode).toBe(
        recoveredStatus(scenario, expected.fault),
      );
      if (scenario.endpoint === 'createUpdate') {
        // The recovery updated the client a slow create left behind.
        expect(env.emulator.clients(MAIN_ACCOUNT.webKey)).toHaveLength(1);
      }
    },
  );
});

const READ_SCENARIOS = Object.fromEntries(
  Object.entries(SCENARIOS).filter(
    ([, scenario]) => !WRITES.has(scenario.call),
  ),
);

const PASSING_FAULTS = Object.entries(FAULTS).filter(
  ([, expected]) => expected.fault.kind !== 'credentials_rejected',
);

describe('a ClientTether call that fails once', () => {
  it.each(
    Object.entries(READ_SCENARIOS).flatMap(([scenarioName, scenario]) =>
      PASSING_FAULTS.map(([faultName, expected]) => [
        scenarioName,
        faultName,
        scenario,
        expected.fault,
      ]),
    ) as [string, string, Scenario, FaultSpec][],
  )(
    '%s: retries the read and succeeds when ClientTether %s once',
    async (_, __, scenario, fault) => {
      // Prepare
      const body = scenario.prepare();
      env.emulator.injectFault({ ...fault, calls: [scenario.call], times: 1 });

      // Act
      const answer = await send(scenario, body);

      // Assess
      expect(answer.result.statusCode).toBe(200);
      expect(callsOf(scenario.call)).toBeGreaterThan(1);
      expect(answer.elapsedMs).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    },
  );

  it.each(Object.entries(SCENARIOS))(
    '%s: refetches the secret and repeats the call once when the credentials are refused once',
    async (_, scenario) => {
      // Prepare
      const body = scenario.prepare();
      env.emulator.injectFault({
        kind: 'credentials_rejected',
        calls: [scenario.call],
        times: 1,
      });

      // Act
      const answer = await send(scenario, body);

      // Assess
      expect(answer.result.statusCode).toBe(200);
      expect(callsOf(scenario.call)).toBe(2);
      const fetches = env.secretsManager.commandCalls(GetSecretValueCommand);
      expect(fetches.length).toBeGreaterThanOrEqual(1);
    },
  );
});

const QUEUED_SCENARIOS = Object.fromEntries(
  Object.entries(SCENARIOS).filter(
    ([, scenario]) => scenario.endpoint === 'createUpdate',
  ),
);

describe('create-update-client with a write-behind queue', () => {
  let queue: InProcessSyncQueue;

  beforeEach(() => {
    queue = new InProcessSyncQueue();
    useSyncQueue(queue);
  });

  afterEach(() => {
    useSyncQueue(undefined);
  });

  it.each(matrix(QUEUED_SCENARIOS))(
    '%s: answers 202 and queues the booking when ClientTether %s, writing at most once',
    async (_, __, scenario, expected) => {
      // Prepare
      const body = scenario.prepare();
      env.emulator.injectFault({ ...expected.fault, calls: [scenario.call] });

      // Act
      const queued = await send(scenario, body);
      const attempts = callsOf(scenario.call);
      env.emulator.clearFaults();
      await letSlowWritesLand(scenario.call, expected.fault);
      const recovered = await send(scenario, body);

      // Assess
      expect(queued.result.statusCode).toBe(202);
      expect(queued.body).toMatchObject({
        operation: 'queued',
        client_id: null,
        customer_phone: PHONE,
      });
      expect(queued.elapsedMs).toBeLessThan(DEADLINE_MS + MARGIN_MS);
      expect(queue.pending()).toBe(1);
      if (WRITES.has(scenario.call)) {
        expectAttempts(attempts, scenario.call, expected.fault.kind);
      }
      expect(recovered.result.statusCode).toBe(200);
      expect(env.emulator.clients(MAIN_ACCOUNT.webKey)).toHaveLength(1);
    },
  );
});
