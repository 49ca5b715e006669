import type { EmulatorCall, FaultKind, FaultSpec } from './types';

const FAULT_KINDS: readonly FaultKind[] = [
  'latency',
  'http_500',
  'html',
  'invalid_json',
  'empty_body',
  'reset',
  'hang',
  'ct500',
  'credentials_rejected',
];

const CALLS: readonly EmulatorCall[] = [
  'read_client_exist',
  'read_client_by_id',
  'create_client',
  'update_client_by_id',
  'delete_client_by_id',
  'delete_client_by_external_id',
];

/** What the faults say about one request. */
export interface FaultEffect {
  /** Extra delay from `latency` faults, in ms. */
  latencyMs: number;
  /** The failure to answer with instead of the normal answer. */
  failure?: Exclude<FaultKind, 'latency'>;
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

/** Checks a fault from a test or the control API; throws when malformed. */
export function parseFault(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null) {
    throw new Error('A fault must be an object');
  }

  const { kind, ms, calls, times } = input as Record<string, unknown>;

  if (!FAULT_KINDS.includes(kind as FaultKind)) {
    throw new Error(`Unknown fault kind; use one of ${FAULT_KINDS.join(', ')}`);
  }

  if (ms !== undefined && !isCount(ms)) {
    throw new Error('Fault ms must be a whole number of 0 or more');
  }

  if (kind === 'latency' && ms === undefined) {
    throw new Error('A latency fault needs ms');
  }

  if (times !== undefined && !isCount(times)) {
    throw new Error('Fault times must be a whole number of 0 or more');
  }

  if (
    calls !== undefined &&
    (!Array.isArray(calls) ||
      !calls.every((call) => CALLS.includes(call as EmulatorCall)))
  ) {
    throw new Error(`Fault calls must name calls of ${CALLS.join(', ')}`);
  }

  return {
    kind: kind as FaultKind,
    ...(ms === undefined ? {} : { ms: ms as number }),
    ...(calls === undefined ? {} : { calls: [...(calls as EmulatorCall[])] }),
    ...(times === undefined ? {} : { times: times as number }),
  };
}

/** The injected faults, consumed request by request. */
export class FaultBook {
  private active: ActiveFault[] = [];

  /** Adds a fault after the ones already waiting. */
  public add(spec: FaultSpec): void {
    const checked = parseFault(spec);

    this.active.push({
      spec: checked,
      remaining: checked.times ?? Number.POSITIVE_INFINITY,
    });
  }

  /** Removes every fault. */
  public clear(): void {
    this.active = [];
  }

  /** Copies of the faults still waiting, with their remaining count. */
  public list(): FaultSpec[] {
    return this.active.map(({ spec, remaining }) => ({
      ...spec,
      ...(Number.isFinite(remaining) ? { times: remaining } : {}),
    }));
  }

  /**
   * Applies the faults to one request of `call`: every matching latency
   * fault adds up, and the first matching failure wins. Only the faults
   * that took effect use up one of their `times`.
   */
  public take(call: EmulatorCall): FaultEffect {
    const effect: FaultEffect = { latencyMs: 0 };

    for (const fault of this.active) {
      if (!matches(fault, call)) {
        continue;
      }

      if (fault.spec.kind === 'latency') {
        effect.latencyMs += fault.spec.ms ?? 0;
        fault.remaining -= 1;
      } else if (effect.failure === undefined) {
        effect.failure = fault.spec.kind;
        fault.remaining -= 1;
      }
    }

    this.active = this.active.filter((fault) => fault.remaining > 0);

    return effect;
  }
}

function matches(fault: ActiveFault, call: EmulatorCall): boolean {
  if (fault.remaining <= 0) {
    return false;
  }

  return fault.spec.calls === undefined || fault.spec.calls.includes(call);
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
