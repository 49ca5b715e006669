/** What Bland sends for a variable that was never set. */
const UNSET_WORDS = new Set(['', 'null', 'none', 'undefined']);

/** A template variable left unsubstituted, such as "{{client_id}}". */
const PLACEHOLDER = /^\{\{[^{}]*\}\}$/;

/** Keys that could reach an object's prototype if copied blindly. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any request body we expect; deeper values are dropped. */
const MAX_DEPTH = 32;

const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['1', true],
  ['false', false],
  ['no', false],
  ['0', false],
]);

/**
 * Tells whether a value means "not given" in a Bland request body.
 *
 * True for undefined, null, a blank string, 'null', 'None' and 'undefined'
 * in any case, and a whole-value placeholder such as '{{ client_id }}'.
 */
export function isNotGiven(value: unknown): boolean {
  if (value === undefined || value === null) {
    return true;
  }

  if (typeof value !== 'string') {
    return false;
  }

  const text = value.trim();

  return UNSET_WORDS.has(text.toLowerCase()) || PLACEHOLDER.test(text);
}

function cleanArray(values: unknown[], depth: number): unknown[] {
  const cleaned: unknown[] = [];
  for (const value of values) {
    const item = cleanValue(value, depth + 1);
    if (item !== undefined) {
      cleaned.push(item);
    }
  }

  return cleaned;
}

function cleanObject(
  record: Record<string, unknown>,
  depth: number,
): Record<string, unknown> {
  const cleaned: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (UNSAFE_KEYS.has(key)) {
      continue;
    }

    const item = cleanValue(record[key], depth + 1);
    if (item !== undefined) {
      cleaned[key] = item;
    }
  }

  return cleaned;
}

function cleanValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    return isNotGiven(value) ? undefined : value.trim();
  }

  if (typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }

  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) {
    return undefined;
  }

  return Array.isArray(value)
    ? cleanArray(value, depth)
    : cleanObject(value as Record<string, unknown>, depth);
}

/**
 * Cleans a parsed request body: trims strings and drops not-given values.
 *
 * Works through nested objects and arrays, keeps numbers and booleans,
 * drops prototype-reaching keys and anything nested absurdly deep, and
 * never throws on a JSON value.
 */
export function cleanInput(value: unknown): unknown {
  try {
    return cleanValue(value, 0);
  } catch {
    // Only a hostile non-JSON object (a throwing getter or proxy) gets here.
    return undefined;
  }
}

/**
 * Reads a yes/no answer: true, 'true', 'yes', '1' or false, 'false', 'no',
 * '0' in any case; anything else is undefined.
 */
export function coerceBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }

  if (typeof value === 'number' || typeof value === 'string') {
    return BOOLEAN_WORDS.get(String(value).trim().toLowerCase());
  }

  return undefined;
}
