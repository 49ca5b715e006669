import {
  GetSecretValueCommand,
  InternalServiceError,
  ResourceNotFoundException,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import {
  MAIN_ACCOUNT,
  SECRET_VALUE,
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

const DEADLINE_MS = 1500;

/** Allowance for a busy 2-core machine on top of the deadline. */
const MARGIN_MS = 1000;

const env = useHandlerEnvironment('secrets-faults-test-secret', {
  HANDLER_DEADLINE_MS: String(DEADLINE_MS),
  CLIENTTETHER_REQUEST_TIMEOUT_MS: '500',
});

const watch = new LeakWatch();

const GOOD_SECRET = JSON.stringify(SECRET_VALUE);

/** A token the secret held before ClientTether regenerated it. */
const STALE_TOKEN = 'stale-access-token-4f1c9e';

/** A token only a malformed secret holds; it must show up nowhere. */
const MALFORMED_TOKEN = 'malformed-secret-token-7d2a';

const PHONE = '3125550177';

let secretCount = 0;

/**
 * Points the handlers at a secret name no earlier test used: Powertools
 * caches each secret for the life of the process, so a fresh name makes
 * the first request fetch it.
 */
function useFreshSecret(): string {
  secretCount += 1;
  const name = `secrets-faults-${secretCount}`;
  process.env.CLIENTTETHER_SECRET_ID = name;

  return name;
}

/** A request of each endpoint that needs ClientTether. */
function requestFor(endpoint: EndpointName): Record<string, string> {
  const client = env.emulator.seed(MAIN_ACCOUNT.webKey, {
    firstName: 'Sec',
    lastName: 'Ret',
    phone: PHONE,
  });

  switch (endpoint) {
    case 'check':
      return { customer_phone: PHONE };
    case 'createUpdate':
      return {
        customer_first_name: 'Sec',
        customer_last_name: 'Ret',
        customer_phone: PHONE,
      };
    case 'delete':
      return { client_id: client.client_id };
  }
}

function serveSecret(secretString: string): void {
  env.secretsManager.reset();
  env.secretsManager
    .on(GetSecretValueCommand)
    .resolves({ SecretString: secretString });
}

function failSecret(error: Error): void {
  env.secretsManager.reset();
  env.secretsManager.on(GetSecretValueCommand).rejects(error);
}

/** The first fetch never answers; later ones get the good secret. */
function stallFirstFetch(): void {
  env.secretsManager.reset();
  env.secretsManager
    .on(GetSecretValueCommand)
    .callsFakeOnce(() => new Promise(() => undefined))
    .resolves({ SecretString: GOOD_SECRET });
}

function secretFetches(): number {
  return env.secretsManager.commandCalls(GetSecretValueCommand).length;
}

async function send(name: EndpointName, body: Record<string, string>) {
  watch.watchInput(body);
  const endpoint = ENDPOINTS[name];
  const answer = await invoke(endpoint, body);

  expect(contractProblems(endpoint, answer)).toEqual([]);
  expect(watch.answerProblems(answer.result.body)).toEqual([]);

  return answer;
}

/** The answer names neither the secret nor what Secrets Manager said. */
function expectDiscreetAnswer(answer: Answer, secretName: string): void {
  const text = answer.result.body;

  expect(text).not.toContain(secretName);
  expect(text).not.toMatch(/Exception|ServiceError|ECONN|arn:aws/);
}

function serviceError(name: string, message: string): Error {
  return new SecretsManagerServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: {},
  });
}

const ENDPOINT_NAMES: EndpointName[] = ['check', 'createUpdate', 'delete'];

beforeEach(() => {
  watch.forgetInputs();
  watch.watchSecret(STALE_TOKEN);
  watch.watchSecret(MALFORMED_TOKEN);
});

afterEach(() => {
  expect(watch.logProblems(env.logs.text())).toEqual([]);
});

/** Failures retrying may mend: answered as an upstream error. */
const TRANSIENT: [string, () => Error][] = [
  ['throttled', () => serviceError('ThrottlingException', 'Rate exceeded')],
  [
    'failing inside',
    () => new InternalServiceError({ message: 'oops', $metadata: {} }),
  ],
  [
    'unreachable',
    () =>
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), {
        code: 'ECONNREFUSED',
      }),
  ],
];

/** Failures only an operator can mend: answered as misconfiguration. */
const MISCONFIGURED: [string, () => void][] = [
  [
    'names no secret that exists',
    () =>
      failSecret(
        new ResourceNotFoundException({
          message: "Secrets Manager can't find the specified secret.",
          $metadata: {},
        }),
      ),
  ],
  [
    'may not be read by the function',
    () => failSecret(serviceError('AccessDeniedException', 'not authorized')),
  ],
  [
    'holds text that is not JSON',
    () => serveSecret(`accessToken=${MALFORMED_TOKEN}`),
  ],
];

/**
 * Secrets that are JSON but not valid credentials. Powertools caches any
 * JSON it fetched, so today these stay broken for the secret's max age
 * after an operator fixes them.
 */
const INVALID_JSON_SECRETS: [string, () => void][] = [
  [
    'lacks the web key',
    () => serveSecret(JSON.stringify({ accessToken: MALFORMED_TOKEN })),
  ],
  [
    'holds location web keys of the wrong type',
    () =>
      serveSecret(
        JSON.stringify({
          accessToken: MALFORMED_TOKEN,
          webKey: MAIN_ACCOUNT.webKey,
          locationWebKeys: [MALFORMED_TOKEN],
        }),
      ),
  ],
];

function endpointRows<T extends unknown[]>(rows: T[]) {
  return ENDPOINT_NAMES.flatMap((name) =>
    rows.map((row) => [name, ...row] as [EndpointName, ...T]),
  );
}

describe('Secrets Manager faults', () => {
  it.each(endpointRows(TRANSIENT))(
    '%s: returns 502 upstream_error while Secrets Manager is %s, and succeeds once it is back',
    async (name, _, makeError) => {
      // Prepare
      const secretName = useFreshSecret();
      const body = requestFor(name);
      failSecret(makeError());

      // Act
      const failed = await send(name, body);
      serveSecret(GOOD_SECRET);
      const recovered = await send(name, body);

      // Assess
      expect(failed.result.statusCode).toBe(502);
      expect(failed.body?.error).toBe('upstream_error');
      expectDiscreetAnswer(failed, secretName);
      expect(recovered.result.statusCode).toBe(200);
    },
  );

  it.each(endpointRows([...MISCONFIGURED, ...INVALID_JSON_SECRETS]))(
    '%s: returns 500 configuration_error when the secret %s',
    async (name, _, breakSecret) => {
      // Prepare
      const secretName = useFreshSecret();
      const body = requestFor(name);
      breakSecret();

      // Act
      const failed = await send(name, body);

      // Assess
      expect(failed.result.statusCode).toBe(500);
      expect(failed.body?.error).toBe('configuration_error');
      expectDiscreetAnswer(failed, secretName);
      expect(env.logs.lines()).toContainEqual(
        expect.objectContaining({ errorCode: 'configuration_error' }),
      );
    },
  );

  it.each(endpointRows([...MISCONFIGURED, ...INVALID_JSON_SECRETS]))(
    '%s: succeeds on the next request once the secret that %s is fixed',
    async (name, _, breakSecret) => {
      // Prepare
      useFreshSecret();
      const body = requestFor(name);
      breakSecret();
      await send(name, body);

      // Act
      serveSecret(GOOD_SECRET);
      const recovered = await send(name, body);

      // Assess
      expect(recovered.result.statusCode).toBe(200);
    },
  );

  it('returns 504 within the deadline while Secrets Manager does not answer', async () => {
    // Prepare
    useFreshSecret();
    const body = requestFor('check');
    stallFirstFetch();

    // Act
    const failed = await send('check', body);

    // Assess
    expect(failed.result.statusCode).toBe(504);
    expect(failed.body?.error).toBe('upstream_timeout');
    expect(failed.elapsedMs).toBeLessThan(DEADLINE_MS + MARGIN_MS);
  });

  it('succeeds on the next request once Secrets Manager answers again, though a stalled fetch never settles', async () => {
    // Prepare
    useFreshSecret();
    const body = requestFor('check');
    stallFirstFetch();
    await send('check', body);

    // Act
    const recovered = await send('check', body);

    // Assess
    expect(recovered.result.statusCode).toBe(200);
  });
});

describe('credentials ClientTether refuses', () => {
  const staleSecret = JSON.stringify({
    ...SECRET_VALUE,
    accessToken: STALE_TOKEN,
  });

  it.each(ENDPOINT_NAMES)(
    '%s: refetches the secret once and repeats the call once when the token was rotated',
    async (name) => {
      // Prepare
      useFreshSecret();
      const body = requestFor(name);
      env.secretsManager.reset();
      env.secretsManager
        .on(GetSecretValueCommand)
        .resolvesOnce({ SecretString: staleSecret })
        .resolves({ SecretString: GOOD_SECRET });

      // Act
      const answer = await send(name, body);

      // Assess
      expect(answer.result.statusCode).toBe(200);
      expect(secretFetches()).toBe(2);
      const [first, second] = env.emulator.calls();
      expect(first?.call).toBe(second?.call);
    },
  );

  it.each(ENDPOINT_NAMES)(
    '%s: returns 502 credentials_rejected after one refetch when the secret is still stale',
    async (name) => {
      // Prepare
      useFreshSecret();
      const body = requestFor(name);
      serveSecret(staleSecret);

      // Act
      const answer = await send(name, body);

      // Assess
      expect(answer.result.statusCode).toBe(502);
      expect(answer.body?.error).toBe('credentials_rejected');
      expect(secretFetches()).toBe(2);
      expect(env.emulator.calls()).toHaveLength(2);
      expect(env.logs.lines()).toContainEqual(
        expect.objectContaining({ errorCode: 'credentials_rejected' }),
      );
    },
  );
});
