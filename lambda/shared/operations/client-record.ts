import type { ClientRecord } from '../clienttether/types';

/** The fields of a ClientTether record the agent greets a caller with. */
export interface ClientSummary {
  firstName: string | null;
  lastName: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  externalId: string | null;
}

// Reads answer with the spellings writes use, but the sources also show
// snake_case; both are read so a spelling change upstream loses nothing.
const SPELLINGS = {
  firstName: ['firstName', 'first_name', 'firstname'],
  lastName: ['lastName', 'last_name', 'lastname'],
  phone: ['phone', 'phone_number', 'phoneNumber', 'mobile'],
  email: ['email', 'email_address', 'emailAddress'],
  address: ['address', 'address1', 'street'],
  city: ['city'],
  state: ['state'],
  zip: ['zip', 'zip_code', 'zipCode', 'postal_code'],
  externalId: ['external_id', 'externalId'],
} as const;

/** Picks the greeting fields out of a record, whatever their spelling. */
export function summariseClient(record: ClientRecord): ClientSummary {
  const field = (names: readonly string[]): string | null => {
    for (const name of names) {
      const value = record[name];
      if (typeof value === 'string' && value.trim() !== '') {
        return value.trim();
      }
      if (typeof value === 'number') {
        return String(value);
      }
    }

    return null;
  };

  const firstName = field(SPELLINGS.firstName);
  const lastName = field(SPELLINGS.lastName);
  const name = [firstName, lastName].filter(Boolean).join(' ') || null;

  return {
    firstName,
    lastName,
    name,
    phone: field(SPELLINGS.phone),
    email: field(SPELLINGS.email),
    address: field(SPELLINGS.address),
    city: field(SPELLINGS.city),
    state: field(SPELLINGS.state),
    zip: field(SPELLINGS.zip),
    externalId: field(SPELLINGS.externalId),
  };
}
