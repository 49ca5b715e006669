import { parseLocationKeys } from './api-keys';
import { curlCommand, EXAMPLE_REQUESTS } from './examples';
import type { AccessLogEntry, LocalServer } from './server';

/** How log lines are written: one JSON object per line, or indented. */
type LogFormat = 'json' | 'pretty';

const DEFAULT_PORT = 3000;

/** Runs the API locally until SIGINT or SIGTERM (`npm start`). */
async function main(): Promise<void> {
  const env = process.env;
  const format = chooseLogFormat(env);
  if (format === 'pretty' && env.POWERTOOLS_DEV === undefined) {
    // Powertools indents its JSON in dev mode; it reads this on import.
    env.POWERTOOLS_DEV = 'true';
  }

  // Imported only now, so nothing reads the environment before it is set.
  const { startLocalServer } = await import('./server');
  const server = await startLocalServer({
    port: readPort(env, 'PORT', DEFAULT_PORT),
    host: optional(env.HOST),
    apiKey: optional(env.API_KEY),
    apiKeys: parseLocationKeys(env.API_KEYS),
    emulatorPort: readPort(env, 'EMULATOR_PORT', 0),
    onRequest: (entry) => writeAccessLine(entry, format),
  });

  console.log(banner(server, format, env).join('\n'));

  const stop = (signal: string): void => {
    console.log(`${signal} received, stopping`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** The start-up text: where, which key, what data, what to try. */
export function banner(
  server: LocalServer,
  format: LogFormat,
  env: NodeJS.ProcessEnv,
): string[] {
  const lines = [
    `ClientTether API (local) listening on ${server.url}`,
    '',
    `API key (x-api-key header): ${server.apiKey}`,
    '  the operator key: may name any location_id (set API_KEY to change it)',
  ];

  for (const entry of server.apiKeys.slice(1)) {
    lines.push(
      `Location key ${entry.key}: location ${entry.locationId} ` +
        `(key id ${entry.id})`,
    );
  }

  lines.push('', ...upstreamLines(server, env), '');
  lines.push('Try it (the commands work in this order):');
  for (const example of EXAMPLE_REQUESTS) {
    lines.push(
      `  # ${example.title}`,
      `  ${curlCommand(server.url, server.apiKey, example)}`,
    );
  }

  lines.push(
    '',
    format === 'pretty'
      ? 'Logs: indented JSON; LOG_FORMAT=json writes one JSON object a line.'
      : 'Logs: one JSON object a line (LOG_FORMAT=pretty to indent them).',
    'Ready. Stop with Ctrl-C.',
  );

  return lines;
}

function upstreamLines(server: LocalServer, env: NodeJS.ProcessEnv) {
  const emulator = server.emulator;
  if (!emulator) {
    return [
      `ClientTether: ${env.CLIENTTETHER_BASE_URL} (credentials from ` +
        'CLIENTTETHER_ACCESS_TOKEN, CLIENTTETHER_WEB_KEY and ' +
        'CLIENTTETHER_LOCATION_WEB_KEYS)',
      'The examples below assume the emulator demo clients.',
    ];
  }

  const lines = [
    `ClientTether emulator (in this process): ${emulator.running.baseUrl}`,
    'Demo clients:',
  ];
  for (const { locationId, client } of emulator.demoClients) {
    const name = `${client.firstName ?? ''} ${client.lastName ?? ''}`.trim();
    lines.push(
      `  location ${locationId.padEnd(6)} client_id ${client.client_id}  ` +
        `${name.padEnd(19)} ${client.phone ?? ''}  ${client.email ?? ''}`,
    );
  }

  const control = emulator.controlUrl;
  const fault = JSON.stringify({
    kind: 'http_500',
    calls: ['read_client_exist'],
  });
  lines.push(
    `Emulator control API: ${control} ` +
      '(clients?web_key=, calls, faults, latency, reset)',
    '  # make ClientTether lookups fail with HTTP 500 until cleared',
    `  curl -sS ${control}/faults -H 'content-type: application/json' ` +
      `-d '${fault}'`,
    '  # clear the faults',
    `  curl -sS -X DELETE ${control}/faults`,
  );

  return lines;
}

function writeAccessLine(entry: AccessLogEntry, format: LogFormat): void {
  if (format === 'json') {
    console.log(JSON.stringify({ source: 'local-gateway', ...entry }));
    return;
  }

  const reason = entry.errorType ? ` ${entry.errorType}` : '';
  console.log(
    `[gateway] ${entry.httpMethod} ${entry.path} -> ${entry.status}` +
      `${reason} in ${entry.responseLatency} ms ` +
      `(key ${entry.apiKeyId ?? 'none'}, request ${entry.requestId})`,
  );
}

/** JSON unless asked otherwise or writing to a terminal. */
function chooseLogFormat(env: NodeJS.ProcessEnv): LogFormat {
  const asked = optional(env.LOG_FORMAT)?.toLowerCase();
  if (asked === undefined) {
    return process.stdout.isTTY ? 'pretty' : 'json';
  }
  if (asked !== 'json' && asked !== 'pretty') {
    throw new Error("LOG_FORMAT must be 'json' or 'pretty'");
  }

  return asked;
}

function readPort(env: NodeJS.ProcessEnv, name: string, fallback: number) {
  const value = optional(env[name]);
  if (value === undefined) {
    return fallback;
  }

  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new Error(`${name} must be a whole number from 0 to 65535`);
  }

  return port;
}

function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();

  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`The local server could not start: ${message}`);
    process.exit(1);
  });
}
