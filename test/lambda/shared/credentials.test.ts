import { clearCaches } from '@aws-lambda-powertools/parameters';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ConfigurationError,
  CredentialsUnavailableError,
  UnknownLocationError,
} from '../../../lambda/shared/clienttether/errors';
import {
  credentialsProviderFor,
  loadCredentials,
  parseCredentials,
  prefetchCredentials,
  selectWebKey,
} from '../../../lambda/shared/credentials';
import { logger } from '../../../lambda/shared/logger';
import { readSettings } from '../../../lambda/shared/settings';

const secretsManager = mockClient(SecretsManagerClient);

const SECRET = {
  accessToken: 'token-value',
  webKey: 'default-key-value',
  locationWebKeys: { austin: 'austin-key-value' },
};

const settingsFor = (secretId?: string) =>
  readSettings(
    secretId === undefined ? {} : { CLIENTTETHER_SECRET_ID: secretId },
  );

function serveSecret(secretString: string): void {
  secretsManager.on(GetSecretValueCommand).resolves({
    SecretString: secretString,
  });
}

async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }

  return 'no error';
}

beforeAll(() => {
  process.env.AWS_REGION ??= 'us-west-2';
});

beforeEach(() => {
  secretsManager.reset();
  clearCaches();
  jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('parseCredentials', () => {
  it('returns the credentials with no location keys when they are left out', () => {
    // Act
    const stored = parseCredentials({ accessToken: 't', webKey: 'w' });

    // Assess
    expect(stored).toEqual({
      accessToken: 't',
      webKey: 'w',
      locationWebKeys: {},
    });
  });

  it('throws ConfigurationError naming every missing field', () => {
    // Act
    const parsing = () => parseCredentials({ webKey: '' });

    // Assess
    expect(parsing).toThrow(ConfigurationError);
    expect(parsing).toThrow(/accessToken, webKey/);
  });

  it('throws ConfigurationError naming an invalid location key, not its value', () => {
    // Act
    const parsing = () =>
      parseCredentials({
        accessToken: 'token-value',
        webKey: 'w',
        locationWebKeys: { austin: 42 },
      });

    // Assess
    expect(parsing).toThrow(/locationWebKeys\.austin/);
    expect(parsing).not.toThrow(/token-value/);
  });

  it.each([[null], ['text'], [['a']]])(
    'throws ConfigurationError for %p',
    (raw) => {
      // Act
      const parsing = () => parseCredentials(raw);

      // Assess
      expect(parsing).toThrow(ConfigurationError);
    },
  );
});

describe('loadCredentials from Secrets Manager', () => {
  it('returns the parsed secret', async () => {
    // Prepare
    serveSecret(JSON.stringify(SECRET));

    // Act
    const stored = await loadCredentials({ settings: settingsFor('ct-a') });

    // Assess
    expect(stored).toEqual(SECRET);
    expect(
      secretsManager.commandCalls(GetSecretValueCommand)[0]?.args[0].input,
    ).toEqual({ SecretId: 'ct-a' });
  });

  it('serves a second load within the cache age without calling', async () => {
    // Prepare
    serveSecret(JSON.stringify(SECRET));
    const settings = settingsFor('ct-b');

    // Act
    await loadCredentials({ settings });
    await loadCredentials({ settings });

    // Assess
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('fetches again after the cache age has passed', async () => {
    // Prepare
    serveSecret(JSON.stringify(SECRET));
    const settings = readSettings({
      CLIENTTETHER_SECRET_ID: 'ct-c',
      CLIENTTETHER_SECRET_MAX_AGE_SECONDS: '0',
    });

    // Act
    await loadCredentials({ settings });
    await loadCredentials({ settings });

    // Assess
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('bypasses the cache when asked to refresh', async () => {
    // Prepare
    serveSecret(JSON.stringify(SECRET));
    const settings = settingsFor('ct-d');
    await loadCredentials({ settings });
    serveSecret(JSON.stringify({ ...SECRET, accessToken: 'rotated' }));

    // Act
    const stored = await loadCredentials({ settings, refresh: true });

    // Assess
    expect(stored.accessToken).toBe('rotated');
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('shares one fetch between concurrent cold loads', async () => {
    // Prepare
    serveSecret(JSON.stringify(SECRET));
    const settings = settingsFor('ct-e');

    // Act
    prefetchCredentials(settings);
    const [first, second] = await Promise.all([
      loadCredentials({ settings }),
      loadCredentials({ settings }),
    ]);

    // Assess
    expect(first).toEqual(SECRET);
    expect(second).toEqual(SECRET);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('throws ConfigurationError without quoting a secret that is not JSON', async () => {
    // Prepare
    serveSecret('accessToken=token-value');

    // Act
    const loading = loadCredentials({ settings: settingsFor('ct-f') });

    // Assess
    await expect(loading).rejects.toBeInstanceOf(ConfigurationError);
    const message = await messageOf(
      loadCredentials({ settings: settingsFor('ct-f') }),
    );
    expect(message).toContain('not JSON');
    expect(message).not.toContain('token-value');
  });

  it('throws ConfigurationError naming the fields the secret lacks', async () => {
    // Prepare
    serveSecret(JSON.stringify({ accessToken: 'token-value' }));

    // Act
    const message = await messageOf(
      loadCredentials({ settings: settingsFor('ct-g') }),
    );

    // Assess
    expect(message).toContain('webKey');
    expect(message).not.toContain('token-value');
  });

  it('throws ConfigurationError when the secret does not exist', async () => {
    // Prepare
    secretsManager
      .on(GetSecretValueCommand)
      .rejects(
        new ResourceNotFoundException({ message: 'nope', $metadata: {} }),
      );

    // Act
    const loading = loadCredentials({ settings: settingsFor('ct-h') });

    // Assess
    await expect(loading).rejects.toMatchObject({
      name: 'ConfigurationError',
      message:
        'The secret named by CLIENTTETHER_SECRET_ID cannot be read ' +
        '(ResourceNotFoundException)',
    });
  });

  it.each([
    ['AccessDeniedException', ConfigurationError],
    ['DecryptionFailure', ConfigurationError],
    ['ThrottlingException', CredentialsUnavailableError],
    ['InternalServiceError', CredentialsUnavailableError],
    ['TimeoutError', CredentialsUnavailableError],
  ])('maps %s to %p', async (name, expected) => {
    // Prepare
    const failure = Object.assign(new Error('failed'), { name });
    secretsManager.on(GetSecretValueCommand).rejects(failure);

    // Act
    const loading = loadCredentials({ settings: settingsFor(`ct-${name}`) });

    // Assess
    await expect(loading).rejects.toBeInstanceOf(expected);
  });

  it('logs a failed prefetch without throwing', async () => {
    // Prepare
    secretsManager
      .on(GetSecretValueCommand)
      .rejects(
        new ResourceNotFoundException({ message: 'nope', $metadata: {} }),
      );
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);

    // Act
    prefetchCredentials(settingsFor('ct-j'));
    await new Promise((resolve) => setTimeout(resolve, 20));

    // Assess
    expect(warn).toHaveBeenCalledWith(
      'Prefetching the ClientTether secret failed',
      expect.objectContaining({ errorName: 'ConfigurationError' }),
    );
  });
});

describe('loadCredentials from the environment', () => {
  it('returns the credentials of the three variables', async () => {
    // Prepare
    const env = {
      CLIENTTETHER_ACCESS_TOKEN: 'token-value',
      CLIENTTETHER_WEB_KEY: 'default-key-value',
      CLIENTTETHER_LOCATION_WEB_KEYS: '{"austin":"austin-key-value"}',
    };

    // Act
    const stored = await loadCredentials({ settings: settingsFor(), env });

    // Assess
    expect(stored).toEqual(SECRET);
    expect(secretsManager.calls()).toHaveLength(0);
  });

  it('throws ConfigurationError naming a missing variable', async () => {
    // Act
    const loading = loadCredentials({
      settings: settingsFor(),
      env: { CLIENTTETHER_ACCESS_TOKEN: 'token-value' },
    });

    // Assess
    await expect(loading).rejects.toThrow(/CLIENTTETHER_WEB_KEY/);
  });

  it('throws ConfigurationError when the location keys are not JSON', async () => {
    // Act
    const message = await messageOf(
      loadCredentials({
        settings: settingsFor(),
        env: {
          CLIENTTETHER_ACCESS_TOKEN: 't',
          CLIENTTETHER_WEB_KEY: 'w',
          CLIENTTETHER_LOCATION_WEB_KEYS: '{austin:austin-key-value}',
        },
      }),
    );

    // Assess
    expect(message).toContain('CLIENTTETHER_LOCATION_WEB_KEYS');
    expect(message).not.toContain('austin-key-value');
  });
});

describe('selectWebKey', () => {
  const stored = parseCredentials(SECRET);

  it('returns the default web key without a location', () => {
    // Act
    const webKey = selectWebKey(stored);

    // Assess
    expect(webKey).toBe('default-key-value');
  });

  it("returns the location's own web key", () => {
    // Act
    const webKey = selectWebKey(stored, 'austin');

    // Assess
    expect(webKey).toBe('austin-key-value');
  });

  it.each([['dallas'], ['toString'], ['__proto__']])(
    'throws UnknownLocationError for %p, never another key',
    (locationId) => {
      // Act
      const selecting = () => selectWebKey(stored, locationId);

      // Assess
      expect(selecting).toThrow(UnknownLocationError);
    },
  );
});

describe('credentialsProviderFor', () => {
  it("hands out the location's credentials and refreshes on request", async () => {
    // Prepare
    serveSecret(JSON.stringify(SECRET));
    const provider = credentialsProviderFor({
      settings: settingsFor('ct-k'),
      locationId: 'austin',
    });

    // Act
    const first = await provider({ refresh: false });
    const second = await provider({ refresh: true });

    // Assess
    expect(first).toEqual({
      accessToken: 'token-value',
      webKey: 'austin-key-value',
    });
    expect(second).toEqual(first);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});
