import { seedDemoClients } from './demo-data';
import { DEFAULT_ACCOUNTS, startEmulator } from './emulator';

const DEFAULT_PORT = 4010;

/** Runs the emulator until SIGINT or SIGTERM (`npm run emulator`). */
async function main(): Promise<void> {
  const port = readPort(process.env.PORT);
  const emulator = await startEmulator({
    port,
    log: (line) => console.log(line),
  });
  const seeded = seedDemoClients(emulator);

  console.log(`ClientTether emulator listening on ${emulator.baseUrl}`);
  console.log('It accepts these obviously fake credentials:');
  for (const account of DEFAULT_ACCOUNTS) {
    console.log(
      `  X-Access-Token: ${account.accessToken}  X-Web-Key: ${account.webKey}`,
    );
  }
  console.log(`Seeded ${seeded.length} demo clients.`);
  console.log(
    `Control API: http://127.0.0.1:${emulator.port}/_emulator ` +
      '(clients?web_key=, calls, faults, latency, reset)',
  );

  const stop = (signal: string): void => {
    console.log(`${signal} received, stopping the emulator`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };

  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function readPort(value: string | undefined): number {
  if (value === undefined || value === '') {
    return DEFAULT_PORT;
  }

  const port = Number(value);

  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error('PORT must be a whole number from 0 to 65535');
  }

  return port;
}

main().catch((error: unknown) => {
  console.error('The emulator could not start:', error);
  process.exit(1);
});
