import {
  DEFAULT_ACCOUNTS,
  type RunningEmulator,
  startEmulator,
} from '../../emulator/emulator';
import {
  LOCAL_AWS_SETTINGS,
  type LocalTable,
  startLocalTable,
} from '../../local/local-table';
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from './fake-secrets-manager';

/** A caller the emulator knows: a repeat caller. */
export interface KnownCaller {
  clientId: string;
  phone: string;
  email: string;
}

/** Everything the handlers talk to, on loopback in the bench process. */
export interface BenchServices {
  emulator: RunningEmulator;
  table: LocalTable;
  secretsManager: FakeSecretsManager;
  /** The environment of a handler process, as the stack sets it. */
  handlerEnvironment(): Record<string, string>;
  /** Adds `count` clients to the emulator's main account. */
  seedCallers(count: number): KnownCaller[];
  close(): Promise<void>;
}

/** Secret name the handlers are pointed at. */
export const BENCH_SECRET_ID = 'clienttether-api/bench/clienttether';

const [MAIN_ACCOUNT] = DEFAULT_ACCOUNTS;

/**
 * Starts the ClientTether emulator, dynalite with the idempotency table
 * and a fake Secrets Manager serving the emulator's credentials.
 */
export async function startBenchServices(): Promise<BenchServices> {
  if (!MAIN_ACCOUNT) {
    throw new Error('The emulator has no accounts');
  }
  const emulator = await startEmulator();
  const table = await startLocalTable('clienttether-api-bench-idempotency');
  const secretsManager = await startFakeSecretsManager({
    [BENCH_SECRET_ID]: JSON.stringify({
      accessToken: MAIN_ACCOUNT.accessToken,
      webKey: MAIN_ACCOUNT.webKey,
    }),
  });
  let seeded = 0;

  return {
    emulator,
    table,
    secretsManager,
    handlerEnvironment: () => ({
      PATH: process.env.PATH ?? '',
      POWERTOOLS_SERVICE_NAME: 'clienttether-api',
      // What the production stage logs: every call and request summary.
      POWERTOOLS_LOG_LEVEL: 'INFO',
      CLIENTTETHER_BASE_URL: emulator.baseUrl,
      CLIENTTETHER_POST_ENCODING: 'query',
      CLIENTTETHER_SECRET_ID: BENCH_SECRET_ID,
      HANDLER_DEADLINE_MS: '5000',
      DELETE_CLIENT_ENABLED: 'true',
      IDEMPOTENCY_TABLE_NAME: table.tableName,
      // Set as in Lambda, so the outage path is armed; the happy path
      // must not even load the SQS client.
      SYNC_QUEUE_URL:
        'https://sqs.us-east-1.amazonaws.com/000000000000/bench-sync',
      ...LOCAL_AWS_SETTINGS,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
    }),
    seedCallers: (count) =>
      Array.from({ length: count }, () => {
        seeded += 1;
        const caller = knownCallerNumber(seeded);
        const client = emulator.seed(MAIN_ACCOUNT.webKey, {
          firstName: 'Bench',
          lastName: `Caller ${seeded}`,
          phone: caller.phone,
          email: caller.email,
          city: 'Springfield',
          state: 'IL',
        });

        return { ...caller, clientId: client.client_id };
      }),
    close: async () => {
      await Promise.all([
        emulator.close(),
        table.close(),
        secretsManager.close(),
      ]);
    },
  };
}

/** Phone and e-mail of the n-th seeded caller (area code 312). */
function knownCallerNumber(n: number): { phone: string; email: string } {
  return {
    phone: `312${String(2_000_000 + n).padStart(7, '0')}`,
    email: `known.caller.${n}@example.com`,
  };
}

/** Phone and e-mail no seeded caller has (area code 415). */
export function unknownCaller(n: number): { phone: string; email: string } {
  return {
    phone: `415${String(2_000_000 + n).padStart(7, '0')}`,
    email: `new.caller.${n}@example.com`,
  };
}
