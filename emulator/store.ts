import type { EmulatorClient } from './types';

/** First id handed out; ids are strings of digits, as upstream. */
const FIRST_CLIENT_ID = 1000001;

/** A phone number reduced to digits, without a leading US country code. */
export function phoneDigits(value: string): string {
  const digits = value.replace(/\D/g, '');

  if (digits.length === 11 && digits.startsWith('1')) {
    return digits.slice(1);
  }

  return digits;
}

/** A client without the given id, for seeding and creating. */
export type NewClient = Omit<EmulatorClient, 'client_id'> & {
  client_id?: string;
};

/** In-memory clients, one separate set per account (web key). */
export class ClientStore {
  private readonly accounts = new Map<string, Map<string, EmulatorClient>>();

  private nextId = FIRST_CLIENT_ID;

  public constructor(webKeys: readonly string[]) {
    for (const webKey of webKeys) {
      this.accounts.set(webKey, new Map());
    }
  }

  /** Whether the web key belongs to a known account. */
  public hasAccount(webKey: string): boolean {
    return this.accounts.has(webKey);
  }

  /** Copies of an account's clients, oldest first. */
  public list(webKey: string): EmulatorClient[] {
    return [...this.account(webKey).values()].map(copyClient);
  }

  /** A copy of one client, or undefined. */
  public get(webKey: string, clientId: string): EmulatorClient | undefined {
    const client = this.account(webKey).get(clientId);

    return client ? copyClient(client) : undefined;
  }

  /** Stores a client, giving it a fresh id unless it brings one. */
  public insert(webKey: string, fields: NewClient): EmulatorClient {
    const clientId = fields.client_id ?? this.takeId();
    this.skipPast(clientId);

    const client: EmulatorClient = { ...fields, client_id: clientId };
    this.account(webKey).set(clientId, client);

    return copyClient(client);
  }

  /** Overwrites the given fields of a client; false when it is unknown. */
  public patch(
    webKey: string,
    clientId: string,
    fields: Record<string, unknown>,
  ): boolean {
    const client = this.account(webKey).get(clientId);

    if (!client) {
      return false;
    }

    Object.assign(client, fields, { client_id: clientId });

    return true;
  }

  /** Removes a client; false when it is unknown. */
  public remove(webKey: string, clientId: string): boolean {
    return this.account(webKey).delete(clientId);
  }

  /** Clients whose phone has the same 10 digits. */
  public findByPhone(webKey: string, phone: string): EmulatorClient[] {
    const wanted = phoneDigits(phone);

    return this.filter(webKey, (client) => {
      const stored = typeof client.phone === 'string' ? client.phone : '';

      return wanted !== '' && phoneDigits(stored) === wanted;
    });
  }

  /** Clients whose e-mail equals the given one exactly (case-sensitive). */
  public findByEmail(webKey: string, email: string): EmulatorClient[] {
    return this.filter(webKey, (client) => client.email === email);
  }

  /** Clients carrying the given external id. */
  public findByExternalId(
    webKey: string,
    externalId: string,
  ): EmulatorClient[] {
    return this.filter(webKey, (client) => client.external_id === externalId);
  }

  /** Forgets every client and restarts the ids. */
  public clear(): void {
    for (const clients of this.accounts.values()) {
      clients.clear();
    }

    this.nextId = FIRST_CLIENT_ID;
  }

  private filter(
    webKey: string,
    test: (client: EmulatorClient) => boolean,
  ): EmulatorClient[] {
    return this.list(webKey).filter(test);
  }

  private account(webKey: string): Map<string, EmulatorClient> {
    const clients = this.accounts.get(webKey);

    // The message leaves the key out: it is a credential.
    if (!clients) {
      throw new Error('The emulator has no account with that web key');
    }

    return clients;
  }

  private takeId(): string {
    const id = String(this.nextId);
    this.nextId += 1;

    return id;
  }

  // A seeded numeric id must never be handed out again later.
  private skipPast(clientId: string): void {
    if (/^\d+$/.test(clientId) && Number(clientId) >= this.nextId) {
      this.nextId = Number(clientId) + 1;
    }
  }
}

function copyClient(client: EmulatorClient): EmulatorClient {
  return { ...client };
}
