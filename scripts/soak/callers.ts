import type { Random } from './random';

/** The demo emulator's locations. */
export type SoakLocation = 'main' | 'north';

/** One booking sent for a caller, and how it was finally answered. */
export interface SentBooking {
  appointmentId: string;
  date: string;
  time: string;
  body: Record<string, unknown>;
  /** Final status after any 429 retries; 0 without an answer. */
  status?: number;
  clientId?: string | null;
  operation?: string;
}

/** A person the soak books, looks up or deletes. */
export interface Caller {
  id: number;
  locationId: SoakLocation;
  firstName: string;
  lastName: string;
  /** Normalised: ten digits. */
  phone?: string;
  /** Normalised: trimmed, lower case. */
  email?: string;
  /** Booked only to be deleted; left out of the lost-booking check. */
  disposable: boolean;
  /** The client known to hold this caller, once an answer named it. */
  clientId?: string;
  externalId?: string;
  bookings: SentBooking[];
}

const FIRST_NAMES = ['Avery', 'Blake', 'Casey', 'Drew', 'Emery', 'Finley'];
const LAST_NAMES = ['Soakley', 'Loadman', 'Testa', 'Probe', 'Burst', 'Runner'];
const AREA_CODES = ['312', '612', '415', '206', '303', '617'];

/**
 * Hands out fictional callers with phone numbers no demo client uses
 * (exchange 200 and up, never 555) and example.com addresses.
 */
export class CallerBook {
  private nextId = 0;

  private nextLoose = 0;

  /** Callers whose client an answer confirmed, by location. */
  private readonly known: Caller[] = [];

  public readonly all: Caller[] = [];

  public constructor(private readonly random: Random) {}

  /** A caller nobody has booked yet. */
  public fresh(disposable = false): Caller {
    this.nextId += 1;
    const id = this.nextId;
    const style = this.random.weighted({ both: 7, phone: 2, email: 1 });

    const caller: Caller = {
      id,
      locationId: this.random.chance(0.25) ? 'north' : 'main',
      firstName: this.random.pick(FIRST_NAMES),
      lastName: `${this.random.pick(LAST_NAMES)}${id}`,
      ...(style === 'email' ? {} : { phone: this.phoneNumber(id) }),
      ...(style === 'phone' ? {} : { email: `caller${id}@example.com` }),
      disposable,
      ...(disposable ? { externalId: `soak-ext-${id}` } : {}),
      bookings: [],
    };
    this.all.push(caller);

    return caller;
  }

  /** Adds an existing client (a demo client) as a known caller. */
  public addKnown(caller: Omit<Caller, 'id' | 'bookings' | 'disposable'>) {
    this.nextId += 1;
    const added: Caller = {
      ...caller,
      id: this.nextId,
      disposable: false,
      bookings: [],
    };
    this.all.push(added);
    this.known.push(added);
  }

  /** Records that an answer named the caller's client. */
  public confirm(caller: Caller, clientId: string): void {
    if (caller.clientId === undefined && !caller.disposable) {
      caller.clientId = clientId;
      this.known.push(caller);
    }
  }

  /** A caller whose client exists for sure. */
  public anyKnown(): Caller | undefined {
    return this.known.length > 0 ? this.random.pick(this.known) : undefined;
  }

  /** A phone number no caller has: for lookups that must find nobody. */
  public unusedPhone(): string {
    this.nextLoose += 1;

    return `${this.random.pick(AREA_CODES)}9${pad(this.nextLoose, 6)}`;
  }

  private phoneNumber(id: number): string {
    const exchange = 200 + Math.floor(id / 10_000);

    return `${this.random.pick(AREA_CODES)}${exchange}${pad(id % 10_000, 4)}`;
  }
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** The phone as a person might say it: the API must normalise it. */
export function spokenPhone(random: Random, phone: string): string {
  const area = phone.slice(0, 3);
  const exchange = phone.slice(3, 6);
  const line = phone.slice(6);

  return random.pick([
    phone,
    `(${area}) ${exchange}-${line}`,
    `+1 ${area} ${exchange} ${line}`,
    `${area}.${exchange}.${line}`,
    `1${phone}`,
  ]);
}

/** The e-mail as speech-to-text might spell it. */
export function spokenEmail(random: Random, email: string): string {
  return random.pick([email, email.toUpperCase(), `  ${email} `]);
}
