import {
  DEFAULT_ACCOUNTS,
  type FaultKind,
  type RunningEmulator,
  type Spelling,
  startEmulator,
} from '../../../emulator/emulator';
import {
  type CallInfo,
  ClientTetherClient,
  type ClientTetherClientOptions,
} from '../../../lambda/shared/clienttether/client';
import {
  ClientInUseError,
  ClientNotFoundError,
  ClientTetherTimeoutError,
  ClientTetherUnavailableError,
  CredentialsRejectedError,
  DuplicateClientError,
} from '../../../lambda/shared/clienttether/errors';
import type {
  CredentialsProvider,
  PostEncoding,
} from '../../../lambda/shared/clienttether/types';
import { Deadline } from '../../../lambda/shared/deadline';
import { logger } from '../../../lambda/shared/logger';

const [MAIN, NORTH] = DEFAULT_ACCOUNTS as [
  (typeof DEFAULT_ACCOUNTS)[number],
  (typeof DEFAULT_ACCOUNTS)[number],
];
const PHONE = '5551234567';
const EMAIL = 'ada@example.com';

let emulator: RunningEmulator;
let attempts: CallInfo[];
let warnSpy: jest.SpyInstance;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.reset();
  attempts = [];
  jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  warnSpy = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

function providerFor(account = MAIN): CredentialsProvider {
  return async () => ({ ...account });
}

function makeClient(
  overrides: Partial<ClientTetherClientOptions> = {},
  target: RunningEmulator = emulator,
): ClientTetherClient {
  return new ClientTetherClient({
    baseUrl: target.baseUrl,
    postEncoding: 'query',
    credentials: providerFor(),
    requestTimeoutMs: 500,
    retryBaseDelayMs: 5,
    minAttemptMs: 50,
    onCall: (info) => attempts.push(info),
    ...overrides,
  });
}

const options = (budgetMs = 3000) => ({ deadline: new Deadline(budgetMs) });

const seedAda = (extra: Record<string, unknown> = {}) =>
  emulator.seed(MAIN.webKey, {
    firstName: 'Ada',
    lastName: 'Lovelace',
    phone: PHONE,
    email: EMAIL,
    external_id: 'ext-ada',
    ...extra,
  });

describe('ClientTetherClient against the emulator: calls', () => {
  it('finds a client by phone and by e-mail', async () => {
    // Prepare
    const ada = seedAda();
    const client = makeClient();

    // Act
    const byPhone = await client.findByPhone(PHONE, options());
    const byEmail = await client.findByEmail(EMAIL, options());

    // Assess
    const expected = [{ clientId: ada.client_id, externalId: 'ext-ada' }];
    expect(byPhone).toEqual(expected);
    expect(byEmail).toEqual(expected);
  });

  it('returns no matches for every not-found form the emulator rotates', async () => {
    // Prepare
    const client = makeClient();

    // Act
    const results = [];
    for (let i = 0; i < 4; i += 1) {
      results.push(await client.findByPhone('5550000000', options()));
    }

    // Assess
    expect(results).toEqual([[], [], [], []]);
    expect(attempts.map((a) => a.resultCode)).toEqual([
      'CT515',
      'CT200',
      'CT200',
      'CT200',
    ]);
    expect(attempts.every((a) => a.outcome === 'not_found')).toBe(true);
  });

  it('reads the full record by id', async () => {
    // Prepare
    const ada = seedAda({ city: 'London' });

    // Act
    const record = await makeClient().readById(ada.client_id, options());

    // Assess
    expect(record).toMatchObject({
      client_id: ada.client_id,
      firstName: 'Ada',
      city: 'London',
    });
  });

  it('throws ClientNotFoundError (CT515) for an unknown id', async () => {
    // Act
    const reading = makeClient().readById('999', options());

    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'ClientNotFoundError',
      resultCode: 'CT515',
    });
  });

  it.each<PostEncoding>(['query', 'json'])(
    'creates and updates a client with %s encoding',
    async (postEncoding) => {
      // Prepare
      const client = makeClient({ postEncoding });

      // Act
      const created = await client.create(
        { firstName: 'Grace', lastName: 'Hopper', phone: PHONE },
        options(),
      );
      const updated = await client.update(
        created.clientId,
        { city: 'Arlington' },
        options(),
      );

      // Assess
      expect(created.resultCode).toBe('CT200');
      expect(updated).toEqual({ resultCode: 'CT200' });
      expect(emulator.clients(MAIN.webKey)).toEqual([
        expect.objectContaining({
          client_id: created.clientId,
          firstName: 'Grace',
          city: 'Arlington',
        }),
      ]);
      expect(emulator.calls().map((c) => c.encoding)).toEqual([
        postEncoding,
        postEncoding,
      ]);
    },
  );

  it('throws ClientNotFoundError (CT515) when updating an unknown id', async () => {
    // Act
    const updating = makeClient().update('999', { city: 'X' }, options());

    // Assess
    await expect(updating).rejects.toBeInstanceOf(ClientNotFoundError);
  });

  it('throws ClientTetherRejectedError (CT501) and warns when a name is missing', async () => {
    // Act
    const creating = makeClient().create({ firstName: 'Solo' }, options());

    // Assess
    await expect(creating).rejects.toMatchObject({
      name: 'ClientTetherRejectedError',
      resultCode: 'CT501',
    });
    expect(warnSpy).toHaveBeenCalledTimes(1);
  });

  it('throws DuplicateClientError (CT520) when the duplicate check is on', async () => {
    // Prepare
    seedAda();
    emulator.setDuplicateCheck(true);

    // Act
    const creating = makeClient().create(
      { firstName: 'Ada', lastName: 'L', phone: PHONE },
      options(),
    );

    // Assess
    await expect(creating).rejects.toBeInstanceOf(DuplicateClientError);
    expect(emulator.calls()).toHaveLength(1);
  });

  it('deletes by id and by external id', async () => {
    // Prepare
    const ada = seedAda();
    const bob = emulator.seed(MAIN.webKey, {
      firstName: 'Bob',
      lastName: 'B',
      external_id: 'ext-bob',
    });
    const client = makeClient({ postEncoding: 'json' });

    // Act
    const byId = await client.deleteById(ada.client_id, options());
    const byExternal = await client.deleteByExternalId('ext-bob', options());

    // Assess
    expect(byId).toEqual({ resultCode: 'CT200' });
    expect(byExternal).toEqual({
      resultCode: 'CT200',
      clientId: bob.client_id,
    });
    expect(emulator.clients(MAIN.webKey)).toEqual([]);
  });

  it('throws ClientInUseError (CT512) when the client has appointments', async () => {
    // Prepare
    const ada = seedAda({ has_appointments: true });

    // Act
    const deleting = makeClient().deleteById(ada.client_id, options());

    // Assess
    await expect(deleting).rejects.toBeInstanceOf(ClientInUseError);
    expect(emulator.clients(MAIN.webKey)).toHaveLength(1);
  });

  it('throws ClientNotFoundError when deleting an unknown external id', async () => {
    // Act
    const deleting = makeClient().deleteByExternalId('nobody', options());

    // Assess
    await expect(deleting).rejects.toBeInstanceOf(ClientNotFoundError);
  });

  it('keeps locations apart: another web key does not see the client', async () => {
    // Prepare
    seedAda();

    // Act
    const matches = await makeClient({
      credentials: providerFor(NORTH),
    }).findByPhone(PHONE, options());

    // Assess
    expect(matches).toEqual([]);
    expect(emulator.calls()[0]?.webKey).toBe(NORTH.webKey);
  });

  it('reports a look-up without a key (CT501) as a rejection', async () => {
    // Act
    const reading = makeClient().findByPhone('', options());

    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'ClientTetherRejectedError',
      resultCode: 'CT501',
    });
  });

  it('throws ClientTetherRejectedError for a base URL that is not the API', async () => {
    // Act
    const reading = makeClient({
      baseUrl: emulator.baseUrl.replace('/v2/api', '/v1/api'),
    }).findByPhone(PHONE, options());

    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'ClientTetherRejectedError',
      resultCode: 'HTTP404',
    });
  });
});

describe.each<Spelling>(['pascal', 'camel'])(
  'ClientTetherClient against an emulator spelling codes %s',
  (spelling) => {
    let spelled: RunningEmulator;

    beforeAll(async () => {
      spelled = await startEmulator({ spelling, notFoundStyle: 'ct515' });
    });

    afterAll(async () => {
      await spelled.close();
    });

    it('reads success, not found and duplicate alike', async () => {
      // Prepare
      spelled.setDuplicateCheck(true);
      const client = makeClient({}, spelled);

      // Act
      const missing = await client.findByPhone(PHONE, options());
      const created = await client.create(
        { firstName: 'Ada', lastName: 'L', phone: PHONE },
        options(),
      );
      const found = await client.findByPhone(PHONE, options());
      const duplicate = client.create(
        { firstName: 'Ada', lastName: 'L', phone: PHONE },
        options(),
      );

      // Assess
      expect(missing).toEqual([]);
      expect(found).toEqual([{ clientId: created.clientId, externalId: null }]);
      await expect(duplicate).rejects.toBeInstanceOf(DuplicateClientError);
    });
  },
);

/** Faults that make ClientTether "unavailable" for one request. */
const UNAVAILABLE_FAULTS: FaultKind[] = [
  'http_500',
  'html',
  'invalid_json',
  'empty_body',
  'reset',
  'ct500',
];

describe('ClientTetherClient against the emulator: faults', () => {
  it.each(UNAVAILABLE_FAULTS)(
    'retries a read once after a %s fault and succeeds',
    async (kind) => {
      // Prepare
      const ada = seedAda();
      emulator.injectFault({ kind, times: 1 });

      // Act
      const matches = await makeClient().findByPhone(PHONE, options());

      // Assess
      expect(matches).toEqual([
        { clientId: ada.client_id, externalId: 'ext-ada' },
      ]);
      expect(attempts.map((a) => a.outcome)).toEqual(['unavailable', 'ok']);
    },
  );

  it.each(UNAVAILABLE_FAULTS)(
    'never retries a write after a %s fault',
    async (kind) => {
      // Prepare
      emulator.injectFault({ kind, times: 1 });

      // Act
      const creating = makeClient().create(
        { firstName: 'Grace', lastName: 'Hopper' },
        options(),
      );

      // Assess
      await expect(creating).rejects.toBeInstanceOf(
        ClientTetherUnavailableError,
      );
      expect(emulator.calls()).toHaveLength(1);
    },
  );

  it('throws ClientTetherTimeoutError on a hanging write, without retrying', async () => {
    // Prepare
    emulator.injectFault({ kind: 'hang', calls: ['update_client_by_id'] });

    // Act
    const updating = makeClient({ requestTimeoutMs: 100 }).update(
      '1',
      { city: 'X' },
      options(),
    );

    // Assess
    await expect(updating).rejects.toBeInstanceOf(ClientTetherTimeoutError);
    expect(emulator.calls()).toHaveLength(1);
  });

  it('retries a hanging read only until the deadline', async () => {
    // Prepare
    emulator.injectFault({ kind: 'hang', calls: ['read_client_exist'] });
    const startedAt = Date.now();

    // Act
    const reading = makeClient({ requestTimeoutMs: 150 }).findByEmail(
      EMAIL,
      options(400),
    );

    // Assess
    await expect(reading).rejects.toBeInstanceOf(ClientTetherTimeoutError);
    const elapsed = Date.now() - startedAt;
    expect(elapsed).toBeLessThan(900);
    expect(emulator.calls().length).toBeGreaterThanOrEqual(2);
    expect(emulator.calls().length).toBeLessThanOrEqual(3);
  });

  it('keeps retrying an unavailable read within the deadline only', async () => {
    // Prepare
    emulator.injectFault({ kind: 'latency', ms: 120 });
    emulator.injectFault({ kind: 'http_500' });
    const startedAt = Date.now();

    // Act
    const reading = makeClient({ maxAttempts: 10 }).findByPhone(
      PHONE,
      options(400),
    );

    // Assess
    await expect(reading).rejects.toBeInstanceOf(ClientTetherUnavailableError);
    expect(Date.now() - startedAt).toBeLessThan(900);
    expect(emulator.calls().length).toBeGreaterThanOrEqual(2);
    expect(emulator.calls().length).toBeLessThanOrEqual(3);
  });

  it('answers despite added latency below the timeout', async () => {
    // Prepare
    seedAda();
    emulator.injectFault({ kind: 'latency', ms: 60, times: 1 });

    // Act
    const matches = await makeClient().findByPhone(PHONE, options());

    // Assess
    expect(matches).toHaveLength(1);
    expect(attempts[0]?.durationMs).toBeGreaterThanOrEqual(55);
  });

  it('throws ClientTetherTimeoutError when latency exceeds the deadline', async () => {
    // Prepare
    emulator.injectFault({ kind: 'latency', ms: 400 });

    // Act
    const deleting = makeClient().deleteById('1', options(150));

    // Assess
    await expect(deleting).rejects.toBeInstanceOf(ClientTetherTimeoutError);
  });
});

describe('ClientTetherClient against the emulator: credentials', () => {
  it('fetches credentials again once and repeats a write after rejection', async () => {
    // Prepare
    emulator.injectFault({ kind: 'credentials_rejected', times: 1 });
    const provider = jest.fn(providerFor());

    // Act
    const created = await makeClient({ credentials: provider }).create(
      { firstName: 'Grace', lastName: 'Hopper' },
      options(),
    );

    // Assess
    expect(created.clientId).toMatch(/^\d+$/);
    expect(provider.mock.calls.map(([o]) => o.refresh)).toEqual([false, true]);
    expect(emulator.calls()).toHaveLength(2);
    expect(emulator.clients(MAIN.webKey)).toHaveLength(1);
  });

  it('uses the refreshed credentials on the repeat', async () => {
    // Prepare
    const provider: CredentialsProvider = async ({ refresh }) => ({
      accessToken: refresh ? MAIN.accessToken : 'outdated-token',
      webKey: MAIN.webKey,
    });
    seedAda();

    // Act
    const matches = await makeClient({ credentials: provider }).findByPhone(
      PHONE,
      options(),
    );

    // Assess
    expect(matches).toHaveLength(1);
    expect(attempts.map((a) => a.outcome)).toEqual([
      'credentials_rejected',
      'ok',
    ]);
  });

  it('throws CredentialsRejectedError when fresh credentials are refused too', async () => {
    // Prepare
    const provider = jest.fn<
      ReturnType<CredentialsProvider>,
      Parameters<CredentialsProvider>
    >(async () => ({ accessToken: 'wrong', webKey: MAIN.webKey }));

    // Act
    const reading = makeClient({ credentials: provider }).findByPhone(
      PHONE,
      options(),
    );

    // Assess
    await expect(reading).rejects.toBeInstanceOf(CredentialsRejectedError);
    expect(provider).toHaveBeenCalledTimes(2);
    expect(emulator.calls()).toHaveLength(2);
  });
});
