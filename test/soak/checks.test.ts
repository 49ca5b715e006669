import {
  DEFAULT_ACCOUNTS,
  type RunningEmulator,
  startEmulator,
} from '../../emulator/emulator';
import type { Caller } from '../../scripts/soak/callers';
import { findDuplicates, findLostBookings } from '../../scripts/soak/checks';

const MAIN_WEB_KEY = DEFAULT_ACCOUNTS[0]?.webKey ?? '';

function caller(overrides: Partial<Caller> = {}): Caller {
  return {
    id: 1,
    locationId: 'main',
    firstName: 'Avery',
    lastName: 'Soakley1',
    phone: '3122010001',
    email: 'caller1@example.com',
    disposable: false,
    bookings: [
      {
        appointmentId: 'soak-1-1',
        date: '2031-02-03',
        time: '09:30',
        body: {},
        status: 200,
      },
    ],
    ...overrides,
  };
}

describe('the soak checks', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [...DEFAULT_ACCOUNTS] });
  });

  afterEach(() => {
    emulator.reset();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('counts a phone held by two clients, however it is written', () => {
    // Prepare
    emulator.seed(MAIN_WEB_KEY, { firstName: 'A', phone: '3122010001' });
    emulator.seed(MAIN_WEB_KEY, { firstName: 'B', phone: '1-312-201-0001' });

    // Act
    const duplicates = findDuplicates(emulator);

    // Assess
    expect(duplicates.count).toBe(1);
    expect(duplicates.examples).toEqual([
      { locationId: 'main', key: 'phone …0001', clients: 2 },
    ]);
  });

  it('counts an e-mail held by two clients regardless of case', () => {
    // Prepare
    emulator.seed(MAIN_WEB_KEY, { firstName: 'A', email: 'x@example.com' });
    emulator.seed(MAIN_WEB_KEY, { firstName: 'B', email: 'X@Example.com ' });

    // Act
    const duplicates = findDuplicates(emulator);

    // Assess
    expect(duplicates.count).toBe(1);
    expect(duplicates.examples[0]?.key).toBe('email x…@example.com');
  });

  it('counts no duplicate when every key has one client', () => {
    // Prepare
    emulator.seed(MAIN_WEB_KEY, { firstName: 'A', phone: '3122010001' });
    emulator.seed(MAIN_WEB_KEY, { firstName: 'B', phone: '3122010002' });

    // Act
    const duplicates = findDuplicates(emulator);

    // Assess
    expect(duplicates).toEqual({ count: 0, examples: [] });
  });

  it('finds no loss when the client holds the booking', () => {
    // Prepare
    emulator.seed(MAIN_WEB_KEY, {
      phone: '3122010001',
      whiteboard: 'Appointment booked (TimeTap soak-1-1)',
      appointment_date: '2031-02-03',
      appointment_time: '09:30',
      timetap_appointment_id: 'soak-1-1',
    });

    // Act
    const lost = findLostBookings(emulator, [caller()]);

    // Assess
    expect(lost).toEqual({ checked: 1, count: 0, examples: [] });
  });

  it('reports a booking answered 200 whose caller has no client', () => {
    // Act
    const lost = findLostBookings(emulator, [caller()]);

    // Assess
    expect(lost.count).toBe(1);
    expect(lost.examples[0]).toMatchObject({
      appointmentId: 'soak-1-1',
      problem: 'no client holds the caller',
    });
  });

  it('reports a booking missing from the note and the appointment fields', () => {
    // Prepare
    emulator.seed(MAIN_WEB_KEY, {
      email: 'caller1@example.com',
      whiteboard: 'Something else',
      appointment_date: '2031-01-01',
    });

    // Act
    const lost = findLostBookings(emulator, [caller({ phone: undefined })]);

    // Assess
    expect(lost.examples.map((example) => example.problem)).toEqual([
      'the note lacks the appointment',
      'the appointment fields match no booking',
    ]);
  });

  it('leaves out disposable callers and bookings that were not saved', () => {
    // Prepare
    const deleted = caller({ disposable: true });
    const refused = caller();
    refused.bookings = refused.bookings.map((b) => ({ ...b, status: 502 }));

    // Act
    const lost = findLostBookings(emulator, [deleted, refused]);

    // Assess
    expect(lost).toEqual({ checked: 0, count: 0, examples: [] });
  });
});
