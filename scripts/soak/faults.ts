import type { FaultKind, RunningEmulator } from '../../emulator/types';
import type { Random } from './random';

/** The failures injected by default, in equal shares. */
export const SOAK_FAULT_KINDS: readonly FaultKind[] = [
  'http_500',
  'ct500',
  'html',
  'invalid_json',
  'reset',
  'empty_body',
];

/** What the pump did, for the report. */
export interface FaultFigures {
  /** ClientTether calls that reached the emulator. */
  upstreamCalls: number;
  /** Faults injected, by kind (each affects one call). */
  injected: Record<string, number>;
  /** Injected faults no call took before the faults were cleared. */
  unused: number;
  /** Calls made slow on purpose. */
  slowCalls: number;
}

/** How many soak requests pass between two counts of upstream calls. */
const RECOUNT_EVERY = 100;

/**
 * Keeps about `faultRate` of ClientTether calls failing: before each soak
 * request it tops the emulator up with one-shot faults, so the injected
 * count follows the upstream call count (re-measured every 100 requests).
 * One-shot faults hit whichever call comes next, so every call kind gets
 * its share in proportion to how often it is made.
 */
export class FaultPump {
  private upstreamCalls = 0;

  private requestsStarted = 0;

  private callsPerRequest = 2;

  private injectedTotal = 0;

  private slowTotal = 0;

  private readonly injected: Record<string, number> = {};

  public constructor(
    private readonly emulator: RunningEmulator,
    private readonly random: Random,
    private readonly settings: {
      faultRate: number;
      slowRate: number;
      hangShare: number;
    },
  ) {}

  /** Call before each soak request. */
  public beforeRequest(): void {
    this.requestsStarted += 1;
    if (this.requestsStarted % RECOUNT_EVERY === 0) {
      this.recount();
    }

    const expectedCalls = this.requestsStarted * this.callsPerRequest;
    const { faultRate, slowRate } = this.settings;

    while (this.injectedTotal < faultRate * expectedCalls) {
      this.injectFailure();
    }
    while (this.slowTotal < slowRate * expectedCalls) {
      this.emulator.injectFault({
        kind: 'latency',
        ms: this.random.between(200, 800),
        times: 1,
      });
      this.slowTotal += 1;
    }
  }

  /** Removes every waiting fault and reports what was done. */
  public stop(waiting: number): FaultFigures {
    this.recount();
    this.emulator.clearFaults();

    return {
      upstreamCalls: this.upstreamCalls,
      injected: { ...this.injected },
      unused: waiting,
      slowCalls: this.slowTotal,
    };
  }

  /** Upstream calls so far; the emulator's record is emptied as it goes. */
  public calls(): number {
    return this.upstreamCalls;
  }

  private injectFailure(): void {
    const hang = this.random.chance(this.settings.hangShare);
    const kind: FaultKind = hang ? 'hang' : this.random.pick(SOAK_FAULT_KINDS);

    this.emulator.injectFault({ kind, times: 1 });
    this.injected[kind] = (this.injected[kind] ?? 0) + 1;
    this.injectedTotal += 1;
  }

  // The record of calls grows with every call; counting and clearing it
  // keeps the emulator's memory out of the soak's memory figures.
  private recount(): void {
    this.upstreamCalls += this.emulator.calls().length;
    this.emulator.clearCalls();
    if (this.requestsStarted > 0 && this.upstreamCalls > 0) {
      this.callsPerRequest = this.upstreamCalls / this.requestsStarted;
    }
  }
}
