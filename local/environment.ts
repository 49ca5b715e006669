/** Values to set (a string) or remove (`undefined`). */
export type EnvChanges = Record<string, string | undefined>;

/** Defaults of the local server where Lambda's would not suit. */
export const LOCAL_DEFAULTS: Readonly<Record<string, string>> = {
  // Deleting is off in Lambda; locally it is what the demo shows.
  DELETE_CLIENT_ENABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'clienttether-api',
  // Queued bookings retry after 2, 4, 8… seconds rather than minutes, so
  // the write-behind path can be watched while trying the API.
  SYNC_RETRY_BASE_SECONDS: '2',
};

/** Time between the handler deadline and the Lambda timeout, as deployed. */
const TIMEOUT_MARGIN_MS = 3000;

const DEFAULT_DEADLINE_MS = 5000;

/**
 * Applies changes to an environment and returns a function that puts
 * back what was there before.
 */
export function applyEnv(env: NodeJS.ProcessEnv, changes: EnvChanges) {
  const before: EnvChanges = {};

  for (const [name, value] of Object.entries(changes)) {
    before[name] = env[name];
    setOrRemove(env, name, value);
  }

  return (): void => {
    for (const [name, value] of Object.entries(before)) {
      setOrRemove(env, name, value);
    }
  };
}

/** The local defaults that the environment does not set already. */
export function missingDefaults(env: NodeJS.ProcessEnv): EnvChanges {
  return Object.fromEntries(
    Object.entries(LOCAL_DEFAULTS).filter(
      ([name]) => (env[name] ?? '').trim() === '',
    ),
  );
}

/**
 * The Lambda timeout the stack would give the functions: the handler
 * deadline plus a margin. An invalid deadline is the handlers' to report.
 */
export function lambdaTimeoutMs(env: NodeJS.ProcessEnv): number {
  const deadline = Number(env.HANDLER_DEADLINE_MS);
  const valid = Number.isSafeInteger(deadline) && deadline > 0;

  return (valid ? deadline : DEFAULT_DEADLINE_MS) + TIMEOUT_MARGIN_MS;
}

function setOrRemove(
  env: NodeJS.ProcessEnv,
  name: string,
  value: string | undefined,
) {
  if (value === undefined) {
    delete env[name];
  } else {
    env[name] = value;
  }
}
