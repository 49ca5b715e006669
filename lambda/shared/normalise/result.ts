/** The outcome of normalising one input: the clean value or why not. */
export type Normalised<T> =
  | { ok: true; value: T }
  | { ok: false; problem: string };

/** Wraps a clean value. */
export function accept<T>(value: T): Normalised<T> {
  return { ok: true, value };
}

/** Wraps a short phrase that completes "the phone number …". */
export function reject<T>(problem: string): Normalised<T> {
  return { ok: false, problem };
}
