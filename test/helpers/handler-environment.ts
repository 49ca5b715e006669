import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import {
  DEFAULT_ACCOUNTS,
  type RunningEmulator,
  startEmulator,
} from '../../emulator/emulator';
import { LogCapture } from './log-capture';

/** The emulator's accounts: the default location and a second one. */
export const MAIN_ACCOUNT = DEFAULT_ACCOUNTS[0] as (typeof DEFAULT_ACCOUNTS)[0];
export const NORTH_ACCOUNT =
  DEFAULT_ACCOUNTS[1] as (typeof DEFAULT_ACCOUNTS)[0];

/** The secret the handlers read, as an operator would store it. */
export const SECRET_VALUE = {
  accessToken: MAIN_ACCOUNT.accessToken,
  webKey: MAIN_ACCOUNT.webKey,
  locationWebKeys: { north: NORTH_ACCOUNT.webKey },
};

/** What a handler test gets: a running emulator and captured logs. */
export interface HandlerEnvironment {
  emulator: RunningEmulator;
  logs: LogCapture;
  secretsManager: AwsClientStub<SecretsManagerClient>;
}

/**
 * Runs the handlers of one test file against a fresh emulator, with the
 * secret served by a mocked Secrets Manager under a name of the file's own
 * (Powertools caches secrets per name for the life of the process).
 */
export function useHandlerEnvironment(
  secretName: string,
  env: Record<string, string> = {},
): HandlerEnvironment {
  const logs = new LogCapture();
  const secretsManager = mockClient(SecretsManagerClient);
  const handle = { logs, secretsManager } as HandlerEnvironment;
  const saved = { ...process.env };

  beforeAll(async () => {
    handle.emulator = await startEmulator();
    Object.assign(process.env, {
      CLIENTTETHER_BASE_URL: handle.emulator.baseUrl,
      CLIENTTETHER_SECRET_ID: secretName,
      HANDLER_DEADLINE_MS: '2000',
      CLIENTTETHER_REQUEST_TIMEOUT_MS: '1500',
      DELETE_CLIENT_ENABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      ...env,
    });
  });

  beforeEach(() => {
    handle.emulator.reset();
    secretsManager.reset();
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify(SECRET_VALUE) });
    logs.clear();
    logs.start();
  });

  afterEach(() => {
    logs.stop();
  });

  afterAll(async () => {
    process.env = saved;
    secretsManager.restore();
    await handle.emulator.close();
  });

  return handle;
}
