import { Agent, request } from 'node:http';
import {
  DEFAULT_ACCOUNTS,
  type RunningEmulator,
  startEmulator,
} from '../../emulator/emulator';
import {
  createOverHttp,
  dataOf,
  MAIN,
  NORTH,
  resultCode,
  send,
} from './helpers';

describe('ClientTether emulator calls', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ notFoundStyle: 'ct515' });
  });

  afterAll(async () => {
    await emulator.close();
  });

  beforeEach(() => {
    emulator.reset();
  });

  describe('start', () => {
    it('listens on a free loopback port and names the /v2/api base URL', () => {
      // Assess
      expect(emulator.port).toBeGreaterThan(0);
      expect(emulator.baseUrl).toBe(`http://127.0.0.1:${emulator.port}/v2/api`);
    });

    it('offers two obviously fake default accounts sharing one token', () => {
      // Assess
      expect(DEFAULT_ACCOUNTS).toEqual([
        { accessToken: 'emulator-access-token', webKey: 'emulator-web-key' },
        {
          accessToken: 'emulator-access-token',
          webKey: 'emulator-web-key-north',
        },
      ]);
    });
  });

  describe('read_client_exist', () => {
    it('returns the ids of every client whose phone has the same 10 digits', async () => {
      // Prepare
      const first = emulator.seed(MAIN.webKey, {
        firstName: 'Pat',
        lastName: 'Demo',
        phone: '(312) 555-0101',
        external_id: 'ext-1',
      });
      const second = emulator.seed(MAIN.webKey, {
        firstName: 'Pat',
        lastName: 'Again',
        phone: '+1 312 555 0101',
      });
      emulator.seed(MAIN.webKey, {
        firstName: 'Other',
        lastName: 'Person',
        phone: '3125550199',
      });

      // Act
      const answer = await send(emulator, 'read_client_exist', {
        query: { phone: '3125550101' },
      });

      // Assess
      expect(answer.status).toBe(200);
      expect(resultCode(answer.body)).toBe('CT200');
      expect(answer.body.Message).toBe('Success');
      expect(answer.body.TotalRecord).toBe(2);
      expect(dataOf(answer.body)).toEqual([
        { client_id: first.client_id, external_id: 'ext-1' },
        { client_id: second.client_id, external_id: null },
      ]);
    });

    it('returns ids only, never the other fields', async () => {
      // Prepare
      emulator.seed(MAIN.webKey, {
        firstName: 'Pat',
        lastName: 'Demo',
        email: 'pat.demo@example.com',
      });

      // Act
      const answer = await send(emulator, 'read_client_exist', {
        query: { email: 'pat.demo@example.com' },
      });

      // Assess
      expect(Object.keys(dataOf(answer.body)[0] ?? {}).sort()).toEqual([
        'client_id',
        'external_id',
      ]);
    });

    it('compares e-mail addresses exactly, so case matters', async () => {
      // Prepare
      emulator.seed(MAIN.webKey, {
        firstName: 'Pat',
        lastName: 'Demo',
        email: 'pat.demo@example.com',
      });

      // Act
      const answer = await send(emulator, 'read_client_exist', {
        query: { email: 'Pat.Demo@example.com' },
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT515');
    });

    it('returns CT501 when neither phone nor email is sent', async () => {
      // Act
      const answer = await send(emulator, 'read_client_exist');

      // Assess
      expect(resultCode(answer.body)).toBe('CT501');
    });

    it('returns CT400 when phone and email come in one request', async () => {
      // Act
      const answer = await send(emulator, 'read_client_exist', {
        query: { phone: '3125550101', email: 'pat.demo@example.com' },
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT400');
    });
  });

  describe('read_client_by_id', () => {
    it('returns the full record without emulator-only fields', async () => {
      // Prepare
      const client = emulator.seed(MAIN.webKey, {
        firstName: 'Pat',
        lastName: 'Demo',
        phone: '3125550101',
        project_type: 'Roof',
        has_appointments: true,
      });

      // Act
      const answer = await send(
        emulator,
        `read_client_by_id/${client.client_id}`,
      );

      // Assess
      expect(resultCode(answer.body)).toBe('CT200');
      expect(answer.body.TotalRecord).toBe(1);
      expect(dataOf(answer.body)).toEqual([
        {
          client_id: client.client_id,
          firstName: 'Pat',
          lastName: 'Demo',
          phone: '3125550101',
          project_type: 'Roof',
        },
      ]);
    });

    it('returns CT515 for an unknown id', async () => {
      // Act
      const answer = await send(emulator, 'read_client_by_id/999');

      // Assess
      expect(resultCode(answer.body)).toBe('CT515');
    });

    it('returns CT501 when the id segment is missing', async () => {
      // Act
      const answer = await send(emulator, 'read_client_by_id');

      // Assess
      expect(resultCode(answer.body)).toBe('CT501');
    });
  });

  describe('create_client', () => {
    it('creates a client from query parameters and answers its id as digits', async () => {
      // Act
      const answer = await send(emulator, 'create_client', {
        method: 'POST',
        query: { firstName: 'Pat', lastName: 'Demo', phone: '3125550101' },
      });

      // Assess
      const id = dataOf(answer.body)[0]?.client_id;
      expect(resultCode(answer.body)).toBe('CT200');
      expect(id).toMatch(/^\d+$/);
      expect(emulator.clients(MAIN.webKey)).toEqual([
        {
          client_id: id,
          firstName: 'Pat',
          lastName: 'Demo',
          phone: '3125550101',
        },
      ]);
      expect(emulator.calls()[0]?.encoding).toBe('query');
    });

    it('accepts a JSON body and stores every value as a string', async () => {
      // Act
      const answer = await send(emulator, 'create_client', {
        method: 'POST',
        json: {
          firstName: 'Pat',
          lastName: 'Demo',
          zip: 62701,
          timetap_appointment_id: 42,
        },
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT200');
      expect(emulator.clients(MAIN.webKey)[0]).toMatchObject({
        zip: '62701',
        timetap_appointment_id: '42',
      });
      expect(emulator.calls()[0]).toMatchObject({
        encoding: 'json',
        params: { firstName: 'Pat', zip: '62701' },
      });
    });

    it('accepts a form body', async () => {
      // Act
      const answer = await send(emulator, 'create_client', {
        method: 'POST',
        form: { firstName: 'Pat', lastName: 'Demo', city: 'Springfield' },
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT200');
      expect(emulator.clients(MAIN.webKey)[0]?.city).toBe('Springfield');
      expect(emulator.calls()[0]?.encoding).toBe('form');
    });

    it('stores custom fields and the whiteboard note', async () => {
      // Act
      await createOverHttp(emulator, {
        firstName: 'Pat',
        lastName: 'Demo',
        whiteboard: '<p>First call</p>',
        appointment_date: '2030-01-15',
      });

      // Assess
      expect(emulator.clients(MAIN.webKey)[0]).toMatchObject({
        whiteboard: '<p>First call</p>',
        appointment_date: '2030-01-15',
      });
    });

    it.each([
      ['firstName is missing', { lastName: 'Demo' }],
      ['lastName is missing', { firstName: 'Pat' }],
      ['firstName is empty', { firstName: '', lastName: 'Demo' }],
    ])('returns CT501 when %s', async (_case, fields) => {
      // Act
      const answer = await send(emulator, 'create_client', {
        method: 'POST',
        query: fields,
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT501');
      expect(emulator.clients(MAIN.webKey)).toEqual([]);
    });

    it('creates a second record for the same person while the duplicate check is off', async () => {
      // Prepare
      const fields = {
        firstName: 'Pat',
        lastName: 'Demo',
        phone: '3125550101',
      };
      await createOverHttp(emulator, fields);

      // Act
      const answer = await send(emulator, 'create_client', {
        method: 'POST',
        query: fields,
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT200');
      expect(emulator.clients(MAIN.webKey)).toHaveLength(2);
    });

    it.each([
      ['phone', { phone: '312-555-0101' }],
      ['email', { email: 'pat.demo@example.com' }],
    ])(
      'returns CT520 for a repeated %s while the duplicate check is on',
      async (_case, repeat) => {
        // Prepare
        emulator.setDuplicateCheck(true);
        emulator.seed(MAIN.webKey, {
          firstName: 'Pat',
          lastName: 'Demo',
          phone: '3125550101',
          email: 'pat.demo@example.com',
        });

        // Act
        const answer = await send(emulator, 'create_client', {
          method: 'POST',
          query: { firstName: 'Sam', lastName: 'Sample', ...repeat },
        });

        // Assess
        expect(resultCode(answer.body)).toBe('CT520');
        expect(emulator.clients(MAIN.webKey)).toHaveLength(1);
      },
    );

    it('checks duplicates within one account only', async () => {
      // Prepare
      const emulatorWithCheck = await startEmulator({ duplicateCheck: true });
      emulatorWithCheck.seed(NORTH.webKey, {
        firstName: 'Pat',
        lastName: 'Demo',
        phone: '3125550101',
      });

      // Act
      const answer = await send(emulatorWithCheck, 'create_client', {
        method: 'POST',
        query: { firstName: 'Pat', lastName: 'Demo', phone: '3125550101' },
      });
      await emulatorWithCheck.close();

      // Assess
      expect(resultCode(answer.body)).toBe('CT200');
    });
  });

  describe('update_client_by_id', () => {
    it('changes only the fields sent', async () => {
      // Prepare
      const client = emulator.seed(MAIN.webKey, {
        firstName: 'Pat',
        lastName: 'Demo',
        city: 'Springfield',
      });

      // Act
      const answer = await send(emulator, 'update_client_by_id', {
        method: 'POST',
        json: {
          client_id: client.client_id,
          city: 'Shelbyville',
          zip: '62565',
        },
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT200');
      expect(emulator.clients(MAIN.webKey)).toEqual([
        {
          client_id: client.client_id,
          firstName: 'Pat',
          lastName: 'Demo',
          city: 'Shelbyville',
          zip: '62565',
        },
      ]);
    });

    it('appends append_whiteboard to the note on a new line', async () => {
      // Prepare
      const client = emulator.seed(MAIN.webKey, {
        firstName: 'Pat',
        lastName: 'Demo',
        whiteboard: 'First call',
      });

      // Act
      await send(emulator, 'update_client_by_id', {
        method: 'POST',
        query: {
          client_id: client.client_id,
          append_whiteboard: 'Second call',
        },
      });

      // Assess
      expect(emulator.clients(MAIN.webKey)[0]?.whiteboard).toBe(
        'First call\nSecond call',
      );
    });

    it('starts the note with append_whiteboard when there was none', async () => {
      // Prepare
      const client = emulator.seed(MAIN.webKey, {
        firstName: 'Pat',
        lastName: 'Demo',
      });

      // Act
      await send(emulator, 'update_client_by_id', {
        method: 'POST',
        form: { client_id: client.client_id, append_whiteboard: 'First call' },
      });

      // Assess
      expect(emulator.clients(MAIN.webKey)[0]?.whiteboard).toBe('First call');
    });

    it('returns CT515 for an unknown id', async () => {
      // Act
      const answer = await send(emulator, 'update_client_by_id', {
        method: 'POST',
        query: { client_id: '999', city: 'Springfield' },
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT515');
    });

    it('returns CT501 without client_id', async () => {
      // Act
      const answer = await send(emulator, 'update_client_by_id', {
        method: 'POST',
        query: { city: 'Springfield' },
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT501');
    });
  });

  describe('delete_client_by_id', () => {
    it('deletes the client', async () => {
      // Prepare
      const client = emulator.seed(MAIN.webKey, {
        firstName: 'Pat',
        lastName: 'Demo',
      });

      // Act
      const answer = await send(emulator, 'delete_client_by_id', {
        method: 'DELETE',
        query: { client_id: client.client_id },
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT200');
      expect(emulator.clients(MAIN.webKey)).toEqual([]);
    });

    it('returns CT512 and keeps a client that has appointments', async () => {
      // Prepare
      const client = emulator.seed(MAIN.webKey, {
        firstName: 'Pat',
        lastName: 'Demo',
        has_appointments: true,
      });

      // Act
      const answer = await send(emulator, 'delete_client_by_id', {
        method: 'DELETE',
        json: { client_id: client.client_id },
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT512');
      expect(emulator.clients(MAIN.webKey)).toHaveLength(1);
    });

    it('returns CT515 for an unknown id', async () => {
      // Act
      const answer = await send(emulator, 'delete_client_by_id', {
        method: 'DELETE',
        query: { client_id: '999' },
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT515');
    });
  });

  describe('delete_client_by_external_id', () => {
    it('deletes the client and answers its client_id', async () => {
      // Prepare
      const client = emulator.seed(MAIN.webKey, {
        firstName: 'Pat',
        lastName: 'Demo',
        external_id: 'ext-1',
      });

      // Act
      const answer = await send(emulator, 'delete_client_by_external_id', {
        method: 'DELETE',
        query: { external_id: 'ext-1' },
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT200');
      expect(dataOf(answer.body)).toEqual([{ client_id: client.client_id }]);
      expect(emulator.clients(MAIN.webKey)).toEqual([]);
    });

    it('returns CT512 when the client has appointments', async () => {
      // Prepare
      emulator.seed(MAIN.webKey, {
        firstName: 'Pat',
        lastName: 'Demo',
        external_id: 'ext-1',
        has_appointments: true,
      });

      // Act
      const answer = await send(emulator, 'delete_client_by_external_id', {
        method: 'DELETE',
        form: { external_id: 'ext-1' },
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT512');
      expect(emulator.clients(MAIN.webKey)).toHaveLength(1);
    });

    it('returns CT515 for an unknown external id', async () => {
      // Act
      const answer = await send(emulator, 'delete_client_by_external_id', {
        method: 'DELETE',
        query: { external_id: 'nobody' },
      });

      // Assess
      expect(resultCode(answer.body)).toBe('CT515');
    });
  });

  describe('accounts', () => {
    it('keeps each web key a separate account', async () => {
      // Prepare
      const id = await createOverHttp(
        emulator,
        { firstName: 'Pat', lastName: 'Demo' },
        NORTH,
      );

      // Act
      const fromMain = await send(emulator, `read_client_by_id/${id}`);
      const fromNorth = await send(emulator, `read_client_by_id/${id}`, {
        account: NORTH,
      });

      // Assess
      expect(resultCode(fromMain.body)).toBe('CT515');
      expect(resultCode(fromNorth.body)).toBe('CT200');
      expect(emulator.clients(MAIN.webKey)).toEqual([]);
    });

    it.each([
      ['both headers are missing', null, {}],
      [
        'the web key is missing',
        null,
        { 'X-Access-Token': 'emulator-access-token' },
      ],
      [
        'the access token is missing',
        null,
        { 'X-Web-Key': 'emulator-web-key' },
      ],
      [
        'the access token is unknown',
        null,
        { 'X-Access-Token': 'wrong', 'X-Web-Key': 'emulator-web-key' },
      ],
      [
        'the web key is unknown',
        null,
        { 'X-Access-Token': 'emulator-access-token', 'X-Web-Key': 'wrong' },
      ],
    ])('answers HTTP 401 when %s', async (_case, account, headers) => {
      // Act
      const answer = await send(emulator, 'read_client_exist', {
        query: { phone: '3125550101' },
        account,
        headers,
      });

      // Assess
      expect(answer.status).toBe(401);
    });

    it('only accepts a token and web key that belong together', async () => {
      // Prepare
      const other = await startEmulator({
        accounts: [
          { accessToken: 'token-a', webKey: 'key-a' },
          { accessToken: 'token-b', webKey: 'key-b' },
        ],
      });

      // Act
      const answer = await send(other, 'read_client_exist', {
        query: { phone: '3125550101' },
        account: { accessToken: 'token-a', webKey: 'key-b' },
      });
      await other.close();

      // Assess
      expect(answer.status).toBe(401);
    });
  });

  describe('unknown requests', () => {
    it('answers HTTP 404 with CT404 for a call sent with the wrong method', async () => {
      // Act
      const answer = await send(emulator, 'create_client', {
        query: { firstName: 'Pat', lastName: 'Demo' },
      });

      // Assess
      expect(answer.status).toBe(404);
      expect(resultCode(answer.body)).toBe('CT404');
      expect(emulator.clients(MAIN.webKey)).toEqual([]);
    });

    it.each(['no_such_call', 'toString', 'create_client/123'])(
      'answers HTTP 404 with CT404 for the unknown path %s',
      async (path) => {
        // Act
        const answer = await send(emulator, path, { method: 'POST' });

        // Assess
        expect(answer.status).toBe(404);
        expect(resultCode(answer.body)).toBe('CT404');
      },
    );

    it('returns CT400 for a JSON body that does not parse', async () => {
      // Act
      const response = await fetch(`${emulator.baseUrl}/create_client`, {
        method: 'POST',
        headers: {
          'X-Access-Token': MAIN.accessToken,
          'X-Web-Key': MAIN.webKey,
          'Content-Type': 'application/json',
        },
        body: '{"firstName": ',
      });
      const body = (await response.json()) as Record<string, unknown>;

      // Assess
      expect(resultCode(body)).toBe('CT400');
    });
  });

  describe('inspection', () => {
    it('records every call in order with method, path, params and web key', async () => {
      // Prepare
      const before = Date.now();

      // Act
      await send(emulator, 'read_client_exist', {
        query: { phone: '3125550101' },
      });
      await send(emulator, 'read_client_by_id/123', { account: NORTH });
      await send(emulator, 'delete_client_by_id', {
        method: 'DELETE',
        json: { client_id: '123' },
        account: null,
      });

      // Assess
      const calls = emulator.calls();
      expect(calls).toEqual([
        {
          call: 'read_client_exist',
          method: 'GET',
          path: '/v2/api/read_client_exist',
          webKey: MAIN.webKey,
          params: { phone: '3125550101' },
          encoding: 'query',
          at: expect.any(Number),
        },
        {
          call: 'read_client_by_id',
          method: 'GET',
          path: '/v2/api/read_client_by_id/123',
          webKey: NORTH.webKey,
          params: {},
          encoding: 'none',
          at: expect.any(Number),
        },
        {
          call: 'delete_client_by_id',
          method: 'DELETE',
          path: '/v2/api/delete_client_by_id',
          webKey: '',
          params: { client_id: '123' },
          encoding: 'json',
          at: expect.any(Number),
        },
      ]);
      expect(calls[0]?.at).toBeGreaterThanOrEqual(before);
    });

    it('forgets the recorded calls on clearCalls', async () => {
      // Prepare
      await send(emulator, 'read_client_by_id/1');

      // Act
      emulator.clearCalls();

      // Assess
      expect(emulator.calls()).toEqual([]);
    });

    it('hands out copies that cannot change the stored clients', () => {
      // Prepare
      emulator.seed(MAIN.webKey, { firstName: 'Pat', lastName: 'Demo' });

      // Act
      const copy = emulator.clients(MAIN.webKey)[0];
      if (copy) {
        copy.firstName = 'Changed';
      }

      // Assess
      expect(emulator.clients(MAIN.webKey)[0]?.firstName).toBe('Pat');
    });

    it('keeps a seeded id and never hands it out again', async () => {
      // Prepare
      emulator.seed(MAIN.webKey, {
        client_id: '5000000',
        firstName: 'Pat',
        lastName: 'Demo',
      });

      // Act
      const id = await createOverHttp(emulator, {
        firstName: 'Sam',
        lastName: 'Sample',
      });

      // Assess
      expect(Number(id)).toBeGreaterThan(5000000);
    });

    it('throws when seeding an account it does not have', () => {
      // Act
      const seedUnknown = () =>
        emulator.seed('not-a-key', { firstName: 'Pat', lastName: 'Demo' });

      // Assess
      expect(seedUnknown).toThrow('no account with that web key');
    });

    it('forgets clients, calls and faults on reset', async () => {
      // Prepare
      emulator.seed(MAIN.webKey, { firstName: 'Pat', lastName: 'Demo' });
      emulator.injectFault({ kind: 'http_500' });
      await send(emulator, 'read_client_by_id/1');

      // Act
      emulator.reset();
      const answer = await send(emulator, 'read_client_by_id/1');

      // Assess
      expect(emulator.clients(MAIN.webKey)).toEqual([]);
      expect(answer.status).toBe(200);
      expect(emulator.calls()).toHaveLength(1);
    });
  });

  describe('connections', () => {
    it('serves several requests over one keep-alive connection', async () => {
      // Prepare
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const url = `${emulator.baseUrl}/read_client_by_id/1`;
      const headers = {
        'X-Access-Token': MAIN.accessToken,
        'X-Web-Key': MAIN.webKey,
      };
      const get = () =>
        new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
          const outgoing = request(url, { agent, headers }, (incoming) => {
            incoming.resume();
            incoming.on('end', () =>
              resolve({
                status: incoming.statusCode ?? 0,
                reused: outgoing.reusedSocket,
              }),
            );
          });
          outgoing.on('error', reject);
          outgoing.end();
        });

      // Act
      const first = await get();
      const second = await get();
      const third = await get();
      agent.destroy();

      // Assess
      expect([first, second, third]).toEqual([
        { status: 200, reused: false },
        { status: 200, reused: true },
        { status: 200, reused: true },
      ]);
    });
  });
});
