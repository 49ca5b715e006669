/** The operator key when `API_KEY` is not set; printed at start-up. */
export const DEFAULT_API_KEY = 'local-dev-key';

/** Key id of the operator key, which may name any location. */
export const OPERATOR_KEY_ID = 'local-operator';

/** One accepted API key and what API Gateway would know about it. */
export interface ApiKeyEntry {
  key: string;
  /** Stands in for API Gateway's key id in `identity.apiKeyId`. */
  id: string;
  /** The location a location key is bound to; none for the operator. */
  locationId?: string;
}

/** The API keys the local server accepts. */
export class ApiKeyTable {
  private readonly byKey = new Map<string, ApiKeyEntry>();

  /** Builds the table; throws when a key is empty or listed twice. */
  public constructor(
    operatorKey: string,
    locationKeys: Readonly<Record<string, string>> = {},
  ) {
    this.add({ key: operatorKey, id: OPERATOR_KEY_ID });

    for (const [key, locationId] of Object.entries(locationKeys)) {
      this.add({ key, id: this.freeIdFor(locationId), locationId });
    }
  }

  /** The entry of a presented key, if it is one of ours. */
  public find(key: string | undefined): ApiKeyEntry | undefined {
    return key === undefined ? undefined : this.byKey.get(key);
  }

  /** Every key, the operator key first. */
  public entries(): ApiKeyEntry[] {
    return [...this.byKey.values()];
  }

  /**
   * Key id → location of the location keys: the value of
   * API_KEY_LOCATIONS, as the stack hands it to the functions.
   */
  public locationsByKeyId(): Record<string, string> {
    return Object.fromEntries(
      this.entries().flatMap((entry) =>
        entry.locationId === undefined ? [] : [[entry.id, entry.locationId]],
      ),
    );
  }

  private add(entry: ApiKeyEntry): void {
    if (entry.key.trim() === '') {
      throw new Error('API keys must not be empty');
    }
    if (this.byKey.has(entry.key)) {
      throw new Error('Each API key may be listed only once');
    }

    this.byKey.set(entry.key, entry);
  }

  // Two keys of one location each get an id of their own.
  private freeIdFor(locationId: string): string {
    const base = `local-key-${locationId}`;
    const taken = new Set(this.entries().map((entry) => entry.id));
    let id = base;
    for (let n = 2; taken.has(id); n += 1) {
      id = `${base}-${n}`;
    }

    return id;
  }
}

/**
 * Reads API_KEYS: a JSON object of API key → location_id. Throws with a
 * message naming the variable, never a key.
 */
export function parseLocationKeys(
  value: string | undefined,
): Record<string, string> {
  if (value === undefined || value.trim() === '') {
    return {};
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error('API_KEYS is not valid JSON');
  }

  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every(
      (location) => typeof location === 'string' && location.trim() !== '',
    );
  if (!valid) {
    throw new Error('API_KEYS must be a JSON object of API key to location_id');
  }

  return parsed as Record<string, string>;
}
