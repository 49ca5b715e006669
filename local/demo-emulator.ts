import { seedDemoClients } from '../emulator/demo-data';
import {
  DEFAULT_ACCOUNTS,
  type EmulatorAccount,
  type EmulatorClient,
  type RunningEmulator,
  startEmulator,
} from '../emulator/emulator';

/** The emulator's accounts by location: the default one and `north`. */
export const DEMO_LOCATIONS: Readonly<Record<string, EmulatorAccount>> = {
  main: DEFAULT_ACCOUNTS[0] as EmulatorAccount,
  north: DEFAULT_ACCOUNTS[1] as EmulatorAccount,
};

/** The location whose account also serves requests naming none. */
export const DEFAULT_DEMO_LOCATION = 'main';

/** A seeded demo client and the location it belongs to. */
export interface DemoClient {
  locationId: string;
  client: EmulatorClient;
}

/** The in-process emulator of `npm start`. */
export interface LocalEmulator {
  running: RunningEmulator;
  /** Base URL of the control API (`/_emulator`). */
  controlUrl: string;
  demoClients: DemoClient[];
  /** The handler environment that points at this emulator. */
  env: Record<string, string>;
}

/** Starts the ClientTether emulator on loopback with the demo clients. */
export async function startDemoEmulator(port = 0): Promise<LocalEmulator> {
  const running = await startEmulator({
    port,
    accounts: [...DEFAULT_ACCOUNTS],
  });
  const seeded = seedDemoClients(running, DEFAULT_ACCOUNTS);

  return {
    running,
    controlUrl: `http://127.0.0.1:${running.port}/_emulator`,
    demoClients: seeded.map((client) => ({
      locationId: locationOf(client, running),
      client,
    })),
    env: emulatorEnv(running.baseUrl),
  };
}

/** Handler settings for the emulator: its URL and its fake credentials. */
export function emulatorEnv(baseUrl: string): Record<string, string> {
  const main = DEMO_LOCATIONS[DEFAULT_DEMO_LOCATION] as EmulatorAccount;
  const webKeys = Object.fromEntries(
    Object.entries(DEMO_LOCATIONS).map(([id, account]) => [id, account.webKey]),
  );

  return {
    CLIENTTETHER_BASE_URL: baseUrl,
    CLIENTTETHER_ACCESS_TOKEN: main.accessToken,
    CLIENTTETHER_WEB_KEY: main.webKey,
    CLIENTTETHER_LOCATION_WEB_KEYS: JSON.stringify(webKeys),
  };
}

function locationOf(client: EmulatorClient, running: RunningEmulator) {
  const found = Object.entries(DEMO_LOCATIONS).find(([, account]) =>
    running
      .clients(account.webKey)
      .some((held) => held.client_id === client.client_id),
  );

  return found?.[0] ?? DEFAULT_DEMO_LOCATION;
}
