import {
  type Caller,
  type CallerBook,
  type SentBooking,
  spokenEmail,
  spokenPhone,
} from './callers';
import type { SoakAnswer } from './client';
import type { Endpoint } from './contract';
import type { Random } from './random';
import { MAX_EXAMPLES } from './stats';

/** Sends one request (the fault pump runs first) and returns its answer. */
export type Send = (
  endpoint: Endpoint,
  body: Record<string, unknown>,
) => Promise<SoakAnswer>;

/** An answer that is well-formed but says the wrong thing. */
export interface WrongAnswer {
  kind: TaskKind;
  problem: string;
}

/** The kinds of work the soak mixes, each one or a few requests. */
export type TaskKind =
  | 'check_found'
  | 'check_not_found'
  | 'invalid'
  | 'book_new'
  | 'book_known'
  | 'book_exact_repeat'
  | 'book_concurrent_new'
  | 'book_concurrent_identical'
  | 'delete_booked'
  | 'delete_other';

/** How often each kind is picked. */
export const TASK_WEIGHTS: Readonly<Record<TaskKind, number>> = {
  check_found: 22,
  check_not_found: 8,
  invalid: 3,
  book_new: 20,
  book_known: 15,
  book_exact_repeat: 10,
  book_concurrent_new: 8,
  book_concurrent_identical: 4,
  delete_booked: 6,
  delete_other: 4,
};

/** Requests a task of each kind sends at most. */
const TASK_SIZES: Readonly<Record<TaskKind, number>> = {
  check_found: 1,
  check_not_found: 1,
  invalid: 1,
  book_new: 1,
  book_known: 1,
  book_exact_repeat: 1,
  book_concurrent_new: 3,
  book_concurrent_identical: 2,
  delete_booked: 3,
  delete_other: 1,
};

/** Statuses that mean "ClientTether failed", allowed under faults. */
const UPSTREAM_FAILURES = [502, 504];

const PROJECTS = ['Kitchen remodel', 'Roof repair', 'Bathroom', 'Windows'];

/**
 * Plans and runs the mixed workload: lookups of known and unknown
 * callers, bookings of new and known callers, exact repeats, concurrent
 * bookings of one new caller, deletes and invalid requests. Each task
 * checks what it can know about its answers and records wrong ones.
 */
export class Workload {
  public readonly wrong: WrongAnswer[] = [];

  public wrongCount = 0;

  public readonly tasks: Partial<Record<TaskKind, number>> = {};

  private bookingCount = 0;

  private readonly finished: { caller: Caller; booking: SentBooking }[] = [];

  public constructor(
    private readonly random: Random,
    private readonly callers: CallerBook,
    private readonly send: Send,
    private readonly seed: number,
    private readonly demoInUseClientId: string | undefined,
  ) {}

  /** Picks the next task that fits in `budget` requests. */
  public next(budget: number): { size: number; run: () => Promise<void> } {
    let kind = this.random.weighted(TASK_WEIGHTS);
    if (TASK_SIZES[kind] > budget) {
      kind = 'check_not_found';
    }
    this.tasks[kind] = (this.tasks[kind] ?? 0) + 1;

    return { size: TASK_SIZES[kind], run: () => this.run(kind) };
  }

  private run(kind: TaskKind): Promise<void> {
    switch (kind) {
      case 'check_found':
        return this.checkFound();
      case 'check_not_found':
        return this.checkNotFound();
      case 'invalid':
        return this.invalid();
      case 'book_new':
        return this.bookNew();
      case 'book_known':
        return this.bookKnown();
      case 'book_exact_repeat':
        return this.bookExactRepeat();
      case 'book_concurrent_new':
        return this.bookConcurrentNew();
      case 'book_concurrent_identical':
        return this.bookConcurrentIdentical();
      case 'delete_booked':
        return this.deleteBooked();
      case 'delete_other':
        return this.deleteOther();
    }
  }

  private async checkFound(): Promise<void> {
    const caller = this.callers.anyKnown();
    if (!caller) {
      return this.checkNotFound();
    }

    const answer = await this.send('check-client', {
      location_id: caller.locationId,
      call_id: this.callId(),
      ...this.spokenKeys(caller),
    });
    if (!this.expectStatus('check_found', answer, [200])) {
      return;
    }

    const body = bodyOf(answer);
    if (body?.client_exists !== true) {
      this.flag('check_found', 'a known caller was not found');
    } else if (body.client_id !== caller.clientId) {
      this.flag('check_found', 'a known caller was found as another client');
    }
  }

  private async checkNotFound(): Promise<void> {
    const answer = await this.send('check-client', {
      location_id: this.random.pick(['main', 'north']),
      call_id: this.callId(),
      customer_phone: this.callers.unusedPhone(),
    });
    if (!this.expectStatus('check_not_found', answer, [200])) {
      return;
    }

    if (bodyOf(answer)?.client_exists !== false) {
      this.flag('check_not_found', 'an unknown phone number found a client');
    }
  }

  /** Requests no handler may pass on to ClientTether. */
  private async invalid(): Promise<void> {
    const endpoint = this.random.pick<Endpoint>([
      'check-client',
      'create-update-client',
      'delete-client',
    ]);
    const bodies: Record<Endpoint, Record<string, unknown>> = {
      'check-client': { customer_phone: '12345', customer_email: 'None' },
      'create-update-client': {
        customer_first_name: 'Nobody',
        customer_phone: '{{from}}',
      },
      'delete-client': { client_id: '', external_id: 'null' },
    };

    const answer = await this.send(endpoint, {
      call_id: this.callId(),
      ...bodies[endpoint],
    });
    if (answer.status !== 400) {
      this.flag('invalid', `an invalid request was answered ${answer.status}`);
    }
  }

  private async bookNew(): Promise<void> {
    const caller = this.callers.fresh();
    const booking = this.newBooking(caller);
    await this.book(caller, booking, 'book_new');

    if (booking.status === 200 && booking.operation !== 'create') {
      this.flag('book_new', 'a new caller was not created');
    }
  }

  private async bookKnown(): Promise<void> {
    const caller = this.callers.anyKnown();
    if (!caller) {
      return this.bookNew();
    }

    const booking = this.newBooking(caller);
    await this.book(caller, booking, 'book_known');

    if (booking.status !== 200) {
      return;
    }
    if (booking.operation !== 'update') {
      this.flag('book_known', 'a known caller was created again');
    } else if (booking.clientId !== caller.clientId) {
      this.flag('book_known', 'a known caller was booked on another client');
    }
  }

  /** The same booking again, as a re-entered Bland node sends it. */
  private async bookExactRepeat(): Promise<void> {
    if (this.finished.length === 0) {
      return this.bookNew();
    }

    const { caller, booking: first } = this.random.pick(this.finished);
    const repeat: SentBooking = {
      appointmentId: first.appointmentId,
      date: first.date,
      time: first.time,
      body: this.respoken(caller, first.body),
    };
    await this.book(caller, repeat, 'book_exact_repeat');

    if (first.status === 200 && repeat.status === 200) {
      const same =
        repeat.clientId === first.clientId &&
        repeat.operation === first.operation;
      if (!same) {
        this.flag('book_exact_repeat', 'a repeat was not answered as before');
      }
    }
  }

  /** Two or three different bookings of one new caller at the same time. */
  private async bookConcurrentNew(): Promise<void> {
    const caller = this.callers.fresh();
    const bookings = [1, 2, 3]
      .slice(0, this.random.between(2, 3))
      .map(() => this.newBooking(caller));

    await Promise.all(
      bookings.map((booking) =>
        this.book(caller, booking, 'book_concurrent_new'),
      ),
    );

    const saved = bookings.filter((booking) => booking.status === 200);
    const creates = saved.filter((booking) => booking.operation === 'create');
    const clients = new Set(saved.map((booking) => booking.clientId));
    if (creates.length > 1 || clients.size > 1) {
      this.flag('book_concurrent_new', 'one caller was created twice');
    }
  }

  /** The same new booking twice at once: one waits (429) or replays. */
  private async bookConcurrentIdentical(): Promise<void> {
    const caller = this.callers.fresh();
    const first = this.newBooking(caller);
    const second: SentBooking = {
      ...first,
      body: this.respoken(caller, first.body),
    };

    await Promise.all([
      this.book(caller, first, 'book_concurrent_identical'),
      this.book(caller, second, 'book_concurrent_identical'),
    ]);

    if (first.status === 200 && second.status === 200) {
      if (first.clientId !== second.clientId) {
        this.flag('book_concurrent_identical', 'one booking made two clients');
      }
    }
  }

  /**
   * Books a caller only to delete the client again, by id or external
   * id, sometimes twice: the repeat must replay the first answer.
   */
  private async deleteBooked(): Promise<void> {
    const caller = this.callers.fresh(true);
    const booking = this.newBooking(caller);
    booking.body.external_id = caller.externalId;
    await this.book(caller, booking, 'delete_booked');
    if (booking.status !== 200 || !booking.clientId) {
      return;
    }

    const target = this.random.chance(0.7)
      ? { client_id: booking.clientId }
      : { external_id: caller.externalId };
    const body = {
      location_id: caller.locationId,
      call_id: this.callId(),
      ...target,
    };
    const answer = await this.send('delete-client', body);
    this.expectStatus('delete_booked', answer, [200]);
    if (answer.status !== 200 || !this.random.chance(0.5)) {
      return;
    }

    // A replay makes no ClientTether call, so only a deadline spent
    // waiting in a busy process may keep it from answering 200.
    const again = await this.send('delete-client', body);
    if (again.status !== 200 && again.status !== 504) {
      this.flag('delete_booked', `a repeated delete got ${again.status}`);
    }
  }

  /** Deletes of clients that do not exist, or that are still in use. */
  private async deleteOther(): Promise<void> {
    const inUse = this.demoInUseClientId;
    const useDemo = inUse !== undefined && this.random.chance(0.3);
    const clientId = useDemo ? inUse : `9${this.random.between(1e8, 9e8)}`;

    const answer = await this.send('delete-client', {
      location_id: 'main',
      call_id: this.callId(),
      client_id: clientId,
    });
    this.expectStatus('delete_other', answer, [useDemo ? 409 : 404]);
  }

  private async book(
    caller: Caller,
    booking: SentBooking,
    kind: TaskKind,
  ): Promise<void> {
    caller.bookings.push(booking);
    const answer = await this.send('create-update-client', booking.body);
    const body = bodyOf(answer);

    booking.status = answer.status;
    booking.clientId = stringOrNull(body?.client_id);
    booking.operation = stringOrNull(body?.operation) ?? undefined;
    if (answer.status === 200 && booking.clientId) {
      this.callers.confirm(caller, booking.clientId);
    }

    if (!caller.disposable) {
      this.finished.push({ caller, booking });
    }
    this.expectStatus(kind, answer, [200, 202]);
  }

  private newBooking(caller: Caller): SentBooking {
    this.bookingCount += 1;
    const n = this.bookingCount;
    const appointmentId = `soak-${this.seed}-${n}`;
    const date = `2031-${pad(this.random.between(1, 12))}-${pad(
      this.random.between(1, 28),
    )}`;
    const time = `${pad(this.random.between(8, 17))}:${this.random.pick([
      '00',
      '30',
    ])}`;

    const body: Record<string, unknown> = {
      location_id: caller.locationId,
      call_id: this.callId(),
      customer_first_name: caller.firstName,
      customer_last_name: caller.lastName,
      ...this.spokenKeys(caller),
      appointment_date: date,
      appointment_time: time,
      appointment_id: appointmentId,
      project_type: this.random.pick(PROJECTS),
      ...(this.random.chance(0.2)
        ? { notes: `Gate <b>code</b> & dog; booking ${appointmentId}` }
        : {}),
      ...(this.random.chance(0.3)
        ? { state: 'Illinois', zip_code: '62701' }
        : {}),
    };

    return { appointmentId, date, time, body };
  }

  /** The caller's keys, spelled differently on every request. */
  private spokenKeys(caller: Caller): Record<string, string> {
    return {
      ...(caller.phone
        ? { customer_phone: spokenPhone(this.random, caller.phone) }
        : {}),
      ...(caller.email
        ? { customer_email: spokenEmail(this.random, caller.email) }
        : {}),
    };
  }

  /** The same booking with its phone and e-mail spelled anew. */
  private respoken(
    caller: Caller,
    body: Record<string, unknown>,
  ): Record<string, unknown> {
    return { ...body, ...this.spokenKeys(caller) };
  }

  private expectStatus(
    kind: TaskKind,
    answer: SoakAnswer,
    expected: number[],
  ): boolean {
    if (expected.includes(answer.status)) {
      return true;
    }

    // Answers any request may get while ClientTether misbehaves or the
    // same caller is busy; the status table counts them.
    const tolerated = [...UPSTREAM_FAILURES, 429, 0];
    if (!tolerated.includes(answer.status)) {
      this.flag(kind, `answered ${answer.status}, expected ${expected}`);
    }

    return false;
  }

  private flag(kind: TaskKind, problem: string): void {
    this.wrongCount += 1;
    if (this.wrong.length < MAX_EXAMPLES) {
      this.wrong.push({ kind, problem });
    }
  }

  private callId(): string {
    return `soak-call-${this.random.between(1, 1e9)}`;
  }
}

function bodyOf(answer: SoakAnswer): Record<string, unknown> | undefined {
  return 'body' in answer ? answer.body : undefined;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
