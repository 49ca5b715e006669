import type { FieldProblem } from '../api/fields';
import type { CreateUpdateClientRequest } from '../api/requests';
import type { ClientFields } from '../clienttether/types';
import { normaliseState, normaliseZip } from '../normalise';
import { callerKeysFrom, requireCallerKey } from './caller-keys';
import type { CallerKeys } from './find-client';

/**
 * A validated, normalised booking: everything the upsert needs, and what
 * the write-behind queue stores when ClientTether is down.
 */
export interface Booking {
  clientId?: string;
  keys: CallerKeys;
  firstName?: string;
  lastName?: string;
  externalId?: string;
  /** Client fields other than the note, only those with values. */
  fields: ClientFields;
  /** Whiteboard text (HTML-escaped), when there is anything to note. */
  note?: string;
  appointment: {
    date?: string;
    time?: string;
    timetapId?: string;
  };
}

/** A booking and the optional inputs that had to be left out of it. */
export interface PreparedBooking {
  booking: Booking;
  warnings: FieldProblem[];
}

/**
 * Turns a create-update request into a booking. Optional fields that
 * cannot be used are dropped with a warning rather than failing the
 * request: the appointment is already booked and must reach the CRM.
 */
export function prepareBooking(
  input: CreateUpdateClientRequest,
  options: { noteBudgetBytes?: number } = {},
): PreparedBooking {
  const callerKeys = callerKeysFrom(input);
  const keys = input.client_id ? callerKeys.keys : requireCallerKey(callerKeys);
  const warnings = [...callerKeys.problems];

  const state = optional(input.state, normaliseState, 'state', warnings);
  const zip = optional(input.zip_code, normaliseZip, 'zip_code', warnings);

  const booking: Booking = {
    clientId: input.client_id,
    keys,
    firstName: input.customer_first_name,
    lastName: input.customer_last_name,
    externalId: input.external_id,
    fields: withValues({
      firstName: input.customer_first_name,
      lastName: input.customer_last_name,
      phone: keys.phone,
      email: keys.email,
      address: input.property_address,
      city: input.city,
      state,
      zip,
      external_id: input.external_id,
      project_type: input.project_type,
      appointment_date: input.appointment_date,
      appointment_time: input.appointment_time,
      timetap_appointment_id: input.appointment_id,
    }),
    note: noteFor(input, options.noteBudgetBytes ?? Infinity, warnings),
    appointment: {
      date: input.appointment_date,
      time: input.appointment_time,
      timetapId: input.appointment_id,
    },
  };

  return { booking, warnings };
}

type Normaliser = (
  value: string,
) => { ok: true; value: string } | { ok: false; problem: string };

function optional(
  value: string | undefined,
  normalise: Normaliser,
  field: string,
  warnings: FieldProblem[],
): string | undefined {
  if (value === undefined) {
    return undefined;
  }

  const result = normalise(value);
  if (result.ok) {
    return result.value;
  }
  warnings.push({ field, problem: `${result.problem}; left out` });

  return undefined;
}

function withValues(fields: Record<string, string | undefined>): ClientFields {
  const kept: ClientFields = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== '') {
      kept[name] = value;
    }
  }

  return kept;
}

/**
 * Escaped note text kept within this many UTF-8 bytes when parameters
 * travel in the URL (the default `query` encoding): percent-encoded, a
 * longer note could pass the 8 KiB at which servers commonly refuse a
 * request line. A JSON body has no such limit.
 */
export const QUERY_NOTE_BUDGET_BYTES = 2000;

/**
 * The whiteboard accepts HTML, so whatever a caller said is escaped before
 * it is put there. Without notes, a one-line summary records the booking.
 * A note too long for the request is shortened, with a warning, rather
 * than losing the booking.
 */
function noteFor(
  input: CreateUpdateClientRequest,
  budgetBytes: number,
  warnings: FieldProblem[],
): string | undefined {
  if (input.notes) {
    const note = escapeWithin(input.notes, budgetBytes);
    if (note.length < escapeHtml(input.notes).length) {
      warnings.push({
        field: 'notes',
        problem: 'was too long for the CRM note and was shortened',
      });
    }

    return note;
  }

  const parts = [
    input.appointment_date && `on ${input.appointment_date}`,
    input.appointment_time && `at ${input.appointment_time}`,
    input.project_type && `for ${input.project_type}`,
    input.appointment_id && `(TimeTap ${input.appointment_id})`,
  ].filter(Boolean);

  return parts.length > 0
    ? escapeHtml(`Appointment booked ${parts.join(' ')}`)
    : undefined;
}

/** Escapes whole characters only, until the next one would not fit. */
function escapeWithin(text: string, budgetBytes: number): string {
  let escaped = '';
  let bytes = 0;
  for (const char of text) {
    const piece = escapeHtml(char);
    bytes += Buffer.byteLength(piece);
    if (bytes > budgetBytes) {
      break;
    }
    escaped += piece;
  }

  return escaped;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML field. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}
