import { seedDemoClients } from '../../emulator/demo-data';
import { type RunningEmulator, startEmulator } from '../../emulator/emulator';
import { dataOf, MAIN, NORTH, resultCode, send } from './helpers';

describe('seedDemoClients', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  beforeEach(() => {
    emulator.reset();
  });

  it('seeds both default locations with separate clients', () => {
    // Act
    const seeded = seedDemoClients(emulator);

    // Assess
    const main = emulator.clients(MAIN.webKey);
    const north = emulator.clients(NORTH.webKey);
    expect(main.length).toBeGreaterThanOrEqual(2);
    expect(north.length).toBeGreaterThanOrEqual(1);
    expect(seeded).toHaveLength(main.length + north.length);
  });

  it('uses only 555-01xx phone numbers and example.com addresses', () => {
    // Act
    const seeded = seedDemoClients(emulator);

    // Assess
    for (const client of seeded) {
      expect(client.phone).toMatch(/^\d{3}55501\d{2}$/);
      expect(client.email).toMatch(/@example\.com$/);
    }
  });

  it('includes a client that cannot be deleted because of appointments', async () => {
    // Prepare
    const busy = seedDemoClients(emulator).find(
      (client) => client.has_appointments === true,
    );

    // Act
    const answer = await send(emulator, 'delete_client_by_id', {
      method: 'DELETE',
      query: { client_id: busy?.client_id ?? '' },
    });

    // Assess
    expect(resultCode(answer.body)).toBe('CT512');
  });

  it('makes demo clients findable by phone', async () => {
    // Prepare
    const [first] = seedDemoClients(emulator);

    // Act
    const answer = await send(emulator, 'read_client_exist', {
      query: { phone: first?.phone ?? '' },
    });

    // Assess
    expect(dataOf(answer.body)[0]?.client_id).toBe(first?.client_id);
  });

  it('seeds only the accounts it is given', async () => {
    // Prepare
    const single = await startEmulator({ accounts: [MAIN] });

    // Act
    const seeded = seedDemoClients(single, [MAIN]);
    const stored = single.clients(MAIN.webKey);
    await single.close();

    // Assess
    expect(stored).toEqual(seeded);
  });
});
