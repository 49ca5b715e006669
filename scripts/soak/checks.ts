import type { EmulatorClient, RunningEmulator } from '../../emulator/types';
import { DEMO_LOCATIONS } from '../../local/demo-emulator';
import type { Caller, SentBooking } from './callers';
import { MAX_EXAMPLES } from './stats';

/** A phone or e-mail held by more than one client of one account. */
export interface DuplicateKey {
  locationId: string;
  /** `phone …1234` or `email a…@example.com`: enough to find it again. */
  key: string;
  clients: number;
}

/** Duplicates found in every account. */
export interface DuplicateFigures {
  count: number;
  examples: DuplicateKey[];
}

/** A booking answered 200 or 202 that ClientTether does not hold. */
export interface LostBooking {
  locationId: string;
  appointmentId: string;
  status: number;
  problem: string;
}

/** Lost bookings over every caller. */
export interface LostFigures {
  /** Bookings answered 200 or 202 (disposable callers left out). */
  checked: number;
  count: number;
  examples: LostBooking[];
}

/** Ten digits, as the handlers store a phone number. */
export function normalisedPhone(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const digits = value.replace(/\D/g, '');
  const national =
    digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;

  return national.length === 10 ? national : undefined;
}

/** Trimmed and lower case, as the handlers store an e-mail address. */
export function normalisedEmail(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return undefined;
  }

  return value.trim().toLowerCase();
}

/**
 * Counts phone numbers and e-mail addresses that more than one client
 * of the same account holds: each is a duplicate client.
 */
export function findDuplicates(emulator: RunningEmulator): DuplicateFigures {
  const examples: DuplicateKey[] = [];
  let count = 0;

  for (const [locationId, account] of Object.entries(DEMO_LOCATIONS)) {
    const holders = new Map<string, number>();
    for (const client of emulator.clients(account.webKey)) {
      for (const key of keysOf(client)) {
        holders.set(key, (holders.get(key) ?? 0) + 1);
      }
    }

    for (const [key, clients] of holders) {
      if (clients > 1) {
        count += 1;
        if (examples.length < MAX_EXAMPLES) {
          examples.push({ locationId, key: masked(key), clients });
        }
      }
    }
  }

  return { count, examples };
}

function keysOf(client: EmulatorClient): string[] {
  const phone = normalisedPhone(client.phone);
  const email = normalisedEmail(client.email);

  return [
    ...(phone ? [`phone ${phone}`] : []),
    ...(email ? [`email ${email}`] : []),
  ];
}

function masked(key: string): string {
  if (key.startsWith('phone ')) {
    return `phone …${key.slice(-4)}`;
  }
  const [local = '', domain = ''] = key.slice('email '.length).split('@');

  return `email ${local.slice(0, 1)}…@${domain}`;
}

/** Answers that leave the write done or on its way. */
const SAVED = [200, 202];

/**
 * Checks that every booking answered 200 or 202 reached ClientTether:
 * the caller's client exists, its note holds the booking's appointment
 * id (each write appends it), and its appointment fields are those of
 * one of the caller's bookings that may have been applied. Disposable
 * callers are deleted on purpose and left out.
 */
export function findLostBookings(
  emulator: RunningEmulator,
  callers: readonly Caller[],
): LostFigures {
  const lost: LostFigures = { checked: 0, count: 0, examples: [] };
  const note = (caller: Caller, booking: SentBooking, problem: string) => {
    lost.count += 1;
    if (lost.examples.length < MAX_EXAMPLES) {
      lost.examples.push({
        locationId: caller.locationId,
        appointmentId: booking.appointmentId,
        status: booking.status ?? 0,
        problem,
      });
    }
  };
  const accounts = clientsByLocation(emulator);

  for (const caller of callers) {
    const saved = caller.bookings.filter((booking) =>
      SAVED.includes(booking.status ?? 0),
    );
    if (caller.disposable || saved.length === 0) {
      continue;
    }
    lost.checked += saved.length;

    const client = clientOf(caller, accounts.get(caller.locationId) ?? []);
    if (!client) {
      for (const booking of saved) {
        note(caller, booking, 'no client holds the caller');
      }
      continue;
    }

    const whiteboard = String(client.whiteboard ?? '');
    for (const booking of saved) {
      if (!whiteboard.includes(booking.appointmentId)) {
        note(caller, booking, 'the note lacks the appointment');
      }
    }

    const last = saved[saved.length - 1] as SentBooking;
    if (!holdsAppointmentOfOne(client, caller.bookings)) {
      note(caller, last, 'the appointment fields match no booking');
    }
  }

  return lost;
}

function clientsByLocation(emulator: RunningEmulator) {
  return new Map(
    Object.entries(DEMO_LOCATIONS).map(([locationId, account]) => [
      locationId,
      emulator.clients(account.webKey),
    ]),
  );
}

/** The client the handlers would find: by phone first, then e-mail. */
function clientOf(
  caller: Caller,
  clients: readonly EmulatorClient[],
): EmulatorClient | undefined {
  if (caller.phone) {
    const byPhone = clients.find(
      (client) => normalisedPhone(client.phone) === caller.phone,
    );
    if (byPhone) {
      return byPhone;
    }
  }

  return caller.email
    ? clients.find((client) => normalisedEmail(client.email) === caller.email)
    : undefined;
}

/**
 * Whether the client's appointment fields are those of one booking that
 * may have been written: any but a 400, which never reaches ClientTether
 * (an answer lost to a timeout may still have been applied).
 */
function holdsAppointmentOfOne(
  client: EmulatorClient,
  bookings: readonly SentBooking[],
): boolean {
  return bookings.some(
    (booking) =>
      booking.status !== 400 &&
      client.appointment_date === booking.date &&
      client.appointment_time === booking.time &&
      client.timetap_appointment_id === booking.appointmentId,
  );
}
