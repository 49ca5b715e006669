import { DEFAULT_ACCOUNTS } from './emulator';
import type { EmulatorAccount, EmulatorClient, RunningEmulator } from './types';

type DemoClient = Omit<EmulatorClient, 'client_id'>;

// Fictional people: 555-01xx numbers and example.com addresses only.
const MAIN_LOCATION_CLIENTS: readonly DemoClient[] = [
  {
    firstName: 'Pat',
    lastName: 'Demo',
    phone: '3125550101',
    email: 'pat.demo@example.com',
    address: '100 Sample Street',
    city: 'Springfield',
    state: 'IL',
    zip: '62701',
    external_id: 'demo-ext-1',
    whiteboard: 'Demo client seeded by the emulator.',
    project_type: 'Kitchen remodel',
  },
  {
    firstName: 'Sam',
    lastName: 'Sample',
    phone: '3125550102',
    email: 'sam.sample@example.com',
    city: 'Springfield',
    state: 'IL',
    zip: '62702',
    whiteboard: 'Has a booked appointment, so deleting fails (CT512).',
    has_appointments: true,
    appointment_date: '2030-01-15',
    appointment_time: '10:00',
  },
  {
    firstName: 'Alex',
    lastName: 'Example',
    phone: '3125550103',
    email: 'alex.example@example.com',
  },
];

const SECOND_LOCATION_CLIENTS: readonly DemoClient[] = [
  {
    firstName: 'Jordan',
    lastName: 'Placeholder',
    phone: '6125550104',
    email: 'jordan.placeholder@example.com',
    city: 'Northfield',
    state: 'MN',
    zip: '55057',
  },
];

/**
 * Seeds a few fictional clients: three into the first account and one into
 * the second (a second location), when there is one.
 */
export function seedDemoClients(
  emulator: Pick<RunningEmulator, 'seed'>,
  accounts: readonly EmulatorAccount[] = DEFAULT_ACCOUNTS,
): EmulatorClient[] {
  const [first, second] = accounts;
  const seeded: EmulatorClient[] = [];

  if (first) {
    for (const client of MAIN_LOCATION_CLIENTS) {
      seeded.push(emulator.seed(first.webKey, client));
    }
  }

  if (second) {
    for (const client of SECOND_LOCATION_CLIENTS) {
      seeded.push(emulator.seed(second.webKey, client));
    }
  }

  return seeded;
}
