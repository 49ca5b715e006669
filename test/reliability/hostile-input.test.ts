import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import { MAX_BODY_BYTES } from '../../lambda/shared/http/body';
import { apiEvent } from '../helpers/api-event';
import {
  MAIN_ACCOUNT,
  useHandlerEnvironment,
} from '../helpers/handler-environment';
import {
  type Answer,
  contractProblems,
  ENDPOINTS,
  type EndpointName,
  type EndpointUnderTest,
  invoke,
  invokeEvent,
} from './endpoints';
import {
  base64WithBytes,
  contentType,
  hostileFields,
  INVALID_UTF8,
  MARKUP,
  PROTOTYPE_KEYS,
  phoneText,
  rawJsonObject,
} from './hostile-arbitraries';
import { LeakWatch } from './leak-check';
import { upstreamProblems } from './upstream-check';

const env = useHandlerEnvironment('hostile-input-test-secret');

const watch = new LeakWatch();

/** Enough runs to find the odd case, few enough for 2 cores. */
const RUNS = 150;

const ENDPOINT_NAMES: EndpointName[] = ['check', 'createUpdate', 'delete'];

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

beforeEach(() => {
  env.emulator.setLatency(0);
  watch.forgetInputs();
});

afterEach(() => {
  delete process.env.CLIENTTETHER_POST_ENCODING;

  // Nothing a request sent may have reached the process's own prototypes.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(
    PROTOTYPE_NAMES,
  );
});

/**
 * Runs one request and lists everything wrong with it: a 5xx, an answer
 * off the contract, an answer that leaks, a log line that leaks, or a
 * call that carried unvalidated data to ClientTether.
 */
async function problemsOf(
  endpoint: EndpointUnderTest,
  event: APIGatewayProxyEvent,
): Promise<{ answer: Answer; problems: string[] }> {
  env.emulator.clearCalls();
  env.logs.clear();

  const answer = await invokeEvent(endpoint, event);

  const status = answer.result.statusCode;
  const problems = [
    ...(status >= 200 && status < 500 ? [] : [`status ${status}`]),
    ...contractProblems(endpoint, answer),
    ...watch.answerProblems(answer.result.body),
    ...watch.logProblems(env.logs.text()),
    ...upstreamProblems(env.emulator.calls()),
  ];

  return { answer, problems };
}

function watchEntries(entries: [string, unknown][]): void {
  watch.forgetInputs();
  for (const [key, value] of entries) {
    watch.watchInput({ [key]: value });
  }
}

function eventFor(
  endpoint: EndpointUnderTest,
  body: string | null,
  options: Parameters<typeof apiEvent>[1] = {},
): APIGatewayProxyEvent {
  return apiEvent(body, { path: endpoint.path, ...options });
}

describe('hostile input, property-based', () => {
  it.each(ENDPOINT_NAMES)(
    'answers any hostile fields on %s with a contract answer and sends ClientTether only validated data',
    async (name) => {
      // Prepare
      const endpoint = ENDPOINTS[name];
      const requests = fc.tuple(
        hostileFields(name),
        fc.constantFrom('POST', 'DELETE'),
      );

      // Act
      await fc.assert(
        fc.asyncProperty(requests, async ([entries, method]) => {
          watchEntries(entries);
          const event = eventFor(endpoint, rawJsonObject(entries), {
            method: name === 'delete' ? method : 'POST',
          });
          const { problems } = await problemsOf(endpoint, event);

          // Assess
          expect(problems).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('answers any body text, content type and encoding with a 2xx or 4xx contract answer', async () => {
    // Prepare
    const bodies = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
      fc
        .dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 }))
        .map((fields) => new URLSearchParams(fields).toString()),
      fc.constantFrom('', ' ', '{', '[]', 'null', '"text"', '{}}', '\u0000'),
    );
    const requests = fc.record({
      name: fc.constantFrom(...ENDPOINT_NAMES),
      body: fc.option(bodies, { nil: null }),
      type: contentType,
      base64: fc.boolean(),
      rawBytes: fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
    });

    // Act
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const endpoint = ENDPOINTS[request.name];
        const body =
          request.rawBytes === undefined
            ? request.body === null || !request.base64
              ? request.body
              : Buffer.from(request.body).toString('base64')
            : Buffer.from(request.rawBytes).toString('base64');
        const event = eventFor(endpoint, body, {
          headers: { 'Content-Type': request.type },
          isBase64Encoded: request.base64 || request.rawBytes !== undefined,
        });
        const { problems } = await problemsOf(endpoint, event);

        // Assess
        expect(problems).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('answers hostile fields sent form-encoded with a contract answer', async () => {
    // Prepare
    const requests = fc
      .constantFrom(...ENDPOINT_NAMES)
      .chain((name) =>
        hostileFields(name).map((entries) => ({ name, entries })),
      );

    // Act
    await fc.assert(
      fc.asyncProperty(requests, async ({ name, entries }) => {
        const endpoint = ENDPOINTS[name];
        // A form carries text only: whatever else a template held
        // arrives as its text.
        const fields = entries.map(([key, value]): [string, string] => [
          key,
          typeof value === 'string' ? value : (JSON.stringify(value) ?? ''),
        ]);
        watchEntries(fields);
        const event = eventFor(
          endpoint,
          new URLSearchParams(fields).toString(),
          {
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          },
        );
        const { problems } = await problemsOf(endpoint, event);

        // Assess
        expect(problems).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps prototype keys written as JSON text as plain data and pollutes nothing', async () => {
    // Prepare
    const payloads = fc.tuple(
      fc.constantFrom(...ENDPOINT_NAMES),
      fc.constantFrom(...PROTOTYPE_KEYS),
      fc.constantFrom<unknown>(
        { polluted: 'yes' },
        { prototype: { polluted: 'yes' } },
        'polluted',
        ['polluted'],
      ),
      phoneText,
    );

    // Act
    await fc.assert(
      fc.asyncProperty(payloads, async ([name, key, value, phone]) => {
        const endpoint = ENDPOINTS[name];
        const entries: [string, unknown][] = [
          [key, value],
          ['customer_phone', phone],
          ['customer_first_name', 'Proto'],
          ['customer_last_name', 'Type'],
          ['client_id', '999999'],
          [key, value],
        ];
        watchEntries(entries);
        const { problems } = await problemsOf(
          endpoint,
          eventFor(endpoint, rawJsonObject(entries)),
        );

        // Assess
        expect(problems).toEqual([]);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('escapes whatever HTML a caller says before it reaches the whiteboard', async () => {
    // Prepare
    const bookings = fc.record({
      notes: fc.option(
        fc.oneof(
          fc.constantFrom(...MARKUP),
          fc.string({ maxLength: 80 }),
          fc
            .array(fc.constantFrom(...MARKUP), { minLength: 1, maxLength: 4 })
            .map((parts) => parts.join(' ')),
        ),
        { nil: undefined },
      ),
      project_type: fc.oneof(fc.constantFrom(...MARKUP), fc.string()),
      appointment_time: fc.constantFrom('10:30', '<b>noon</b>', '"9" & \'10\''),
      customer_phone: phoneText,
    });

    // Act
    await fc.assert(
      fc.asyncProperty(bookings, async (booking) => {
        const fields = {
          customer_first_name: '<script>alert("first")</script>',
          customer_last_name: 'Markup',
          ...booking,
        };
        watch.forgetInputs();
        watch.watchInput(fields);
        const endpoint = ENDPOINTS.createUpdate;
        const { answer, problems } = await problemsOf(
          endpoint,
          eventFor(endpoint, JSON.stringify(fields)),
        );

        // Assess
        expect(problems).toEqual([]);
        expect(answer.result.statusCode).toBe(200);
        const notes = env.emulator
          .calls()
          .flatMap((call) => [
            call.params.whiteboard,
            call.params.append_whiteboard,
          ])
          .filter((note) => note !== undefined);
        expect(notes).toHaveLength(1);
        expect(notes.join('')).not.toMatch(/<script/i);
      }),
      { numRuns: 100 },
    );
  });
});

describe('hostile input, examples', () => {
  it.each(ENDPOINT_NAMES)(
    'returns 413 payload_too_large on %s for a body one byte over the limit, calling nobody',
    async (name) => {
      // Prepare
      const endpoint = ENDPOINTS[name];
      const start = '{"notes":"';
      const filler = 'x'.repeat(MAX_BODY_BYTES + 1 - start.length - 2);
      const oversized = `${start}${filler}"}`;

      // Act
      const { answer, problems } = await problemsOf(
        endpoint,
        eventFor(endpoint, oversized),
      );

      // Assess
      expect(Buffer.byteLength(oversized)).toBe(MAX_BODY_BYTES + 1);
      expect(problems).toEqual([]);
      expect(answer.result.statusCode).toBe(413);
      expect(answer.body?.error).toBe('payload_too_large');
      expect(env.emulator.calls()).toHaveLength(0);
    },
  );

  it('counts bytes, not characters: 6000 euro signs are over 16 KiB', async () => {
    // Prepare
    const endpoint = ENDPOINTS.createUpdate;
    const body = JSON.stringify({ notes: '€'.repeat(6000) });

    // Act
    const { answer, problems } = await problemsOf(
      endpoint,
      eventFor(endpoint, body),
    );

    // Assess
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    expect(problems).toEqual([]);
    expect(answer.result.statusCode).toBe(413);
  });

  it('returns 413 for a base64 body that decodes to more than the limit', async () => {
    // Prepare
    const endpoint = ENDPOINTS.check;
    const text = JSON.stringify({ call_id: 'y'.repeat(MAX_BODY_BYTES) });

    // Act
    const { answer } = await problemsOf(
      endpoint,
      eventFor(endpoint, Buffer.from(text).toString('base64'), {
        isBase64Encoded: true,
      }),
    );

    // Assess
    expect(answer.result.statusCode).toBe(413);
    expect(answer.body?.error).toBe('payload_too_large');
  });

  it('reads a body of exactly the limit as a request, not as too large', async () => {
    // Prepare
    const endpoint = ENDPOINTS.check;
    const start = '{"customer_phone":"3125550101","call_id":"';
    const body = `${start}${'c'.repeat(MAX_BODY_BYTES - start.length - 2)}"}`;

    // Act
    const { answer, problems } = await problemsOf(
      endpoint,
      eventFor(endpoint, body),
    );

    // Assess
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    expect(problems).toEqual([]);
    expect(answer.result.statusCode).toBe(400);
    expect(answer.body?.details).toEqual([
      { field: 'call_id', problem: 'must be at most 128 characters' },
    ]);
  });

  it.each(INVALID_UTF8)(
    'returns 400 for a base64 body holding %s, calling nobody',
    async (_, bytes) => {
      // Prepare
      const endpoint = ENDPOINTS.check;
      const body = base64WithBytes('312555', bytes);

      // Act
      const { answer, problems } = await problemsOf(
        endpoint,
        eventFor(endpoint, body, { isBase64Encoded: true }),
      );

      // Assess
      expect(problems).toEqual([]);
      expect(answer.result.statusCode).toBe(400);
      expect(answer.body?.details).toEqual([
        { field: 'body', problem: 'is not valid UTF-8 text' },
      ]);
      expect(env.emulator.calls()).toHaveLength(0);
    },
  );

  it('names each field of the wrong type and sends nothing upstream', async () => {
    // Prepare
    const endpoint = ENDPOINTS.createUpdate;
    const body = {
      customer_first_name: { first: 'Pat' },
      customer_last_name: ['Demo'],
      customer_phone: '3125550101',
      notes: { toString: 'x' },
    };

    // Act
    const { answer, problems } = await problemsOf(
      endpoint,
      eventFor(endpoint, JSON.stringify(body)),
    );

    // Assess
    expect(problems).toEqual([]);
    expect(answer.result.statusCode).toBe(400);
    expect(answer.body?.details).toEqual([
      { field: 'customer_first_name', problem: 'must be text' },
      { field: 'customer_last_name', problem: 'must be text' },
      { field: 'notes', problem: 'must be text' },
    ]);
    expect(env.emulator.calls()).toHaveLength(0);
  });

  it('returns 400 for thousands of nested arrays where the phone belongs', async () => {
    // Prepare
    const endpoint = ENDPOINTS.check;
    const depth = 5000;
    const body = `{"customer_phone":${'['.repeat(depth)}${']'.repeat(depth)}}`;

    // Act
    const { answer, problems } = await problemsOf(
      endpoint,
      eventFor(endpoint, body),
    );

    // Assess
    expect(problems).toEqual([]);
    expect(answer.result.statusCode).toBe(400);
    expect(env.emulator.calls()).toHaveLength(0);
  });

  it('reads form bodies whatever their keys, without polluting prototypes', async () => {
    // Prepare
    const endpoint = ENDPOINTS.check;
    const form = new URLSearchParams([
      ['__proto__', 'polluted'],
      ['constructor', 'polluted'],
      ['customer_phone', '(312) 555-0101'],
    ]).toString();
    watch.watchPhone('(312) 555-0101');

    // Act
    const { answer, problems } = await problemsOf(
      endpoint,
      eventFor(endpoint, form, {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
    );

    // Assess
    expect(problems).toEqual([]);
    expect(answer.result.statusCode).toBe(200);
    expect(answer.body).toMatchObject({ searched_phone: '3125550101' });
  });

  it('stores a client whose name is markup as plain text and escapes the note', async () => {
    // Prepare
    const endpoint = ENDPOINTS.createUpdate;
    const fields = {
      customer_first_name: '<img src=x onerror=alert(1)>',
      customer_last_name: 'Tester',
      customer_phone: '3125550123',
      notes: 'Gate code <1234> & "beware" of the dog',
    };
    watch.watchInput(fields);

    // Act
    const { answer, problems } = await problemsOf(
      endpoint,
      eventFor(endpoint, JSON.stringify(fields)),
    );

    // Assess
    expect(problems).toEqual([]);
    expect(answer.result.statusCode).toBe(200);
    expect(env.emulator.clients(MAIN_ACCOUNT.webKey)).toEqual([
      expect.objectContaining({
        whiteboard:
          'Gate code &lt;1234&gt; &amp; &quot;beware&quot; of the dog',
      }),
    ]);
  });

  it.each([
    ['quotes', '"'],
    ['accented letters', 'é'],
  ])(
    'carries a 4000-character note of %s to ClientTether with json encoding',
    async (_, char) => {
      // Prepare
      process.env.CLIENTTETHER_POST_ENCODING = 'json';
      const endpoint = ENDPOINTS.createUpdate;
      const fields = {
        customer_first_name: 'Long',
        customer_last_name: 'Note',
        customer_phone: '3125550144',
        notes: char.repeat(4000),
      };
      watch.watchInput(fields);

      // Act
      const { answer, problems } = await problemsOf(
        endpoint,
        eventFor(endpoint, JSON.stringify(fields)),
      );

      // Assess
      expect(problems).toEqual([]);
      expect(answer.result.statusCode).toBe(200);
      const [client] = env.emulator.clients(MAIN_ACCOUNT.webKey);
      expect(client?.whiteboard).toHaveLength(
        char === '"' ? 4000 * '&quot;'.length : 4000,
      );
    },
  );

  // Escaped and percent-encoded, a whole note of quotes would make a URL
  // over 16 KiB; the note is shortened to fit instead.
  it('carries a 4000-character note of quotes to ClientTether with the default query encoding', async () => {
    // Prepare
    const endpoint = ENDPOINTS.createUpdate;
    const fields = {
      customer_first_name: 'Long',
      customer_last_name: 'Quote',
      customer_phone: '3125550145',
      notes: '"'.repeat(4000),
    };

    // Act
    const { answer } = await problemsOf(
      endpoint,
      eventFor(endpoint, JSON.stringify(fields)),
    );

    // Assess
    expect(answer.result.statusCode).toBe(200);
  });

  it('answers a request without any body or headers with a 400', async () => {
    // Prepare
    const endpoint = ENDPOINTS.delete;
    const event = {
      ...eventFor(endpoint, null),
      headers: null,
    } as unknown as APIGatewayProxyEvent;

    // Act
    const { answer, problems } = await problemsOf(endpoint, event);

    // Assess
    expect(problems).toEqual([]);
    expect(answer.result.statusCode).toBe(400);
  });

  it('keeps answering after a request with control characters in every field', async () => {
    // Prepare
    const endpoint = ENDPOINTS.check;
    const control = '\u0000\u0001\u001b[31m\u007f';
    const first = { customer_phone: control, customer_email: control };

    // Act
    const hostile = await invoke(endpoint, first);
    const next = await invoke(endpoint, { customer_phone: '3125550101' });

    // Assess
    expect(hostile.result.statusCode).toBe(400);
    expect(next.result.statusCode).toBe(200);
    expect(contractProblems(endpoint, next)).toEqual([]);
  });
});
