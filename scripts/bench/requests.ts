import type { BenchRequest } from './events';
import type { KnownCaller } from './services';

/**
 * The requests the bench replays, shaped like what the Bland agent sends:
 * phones in E.164, a call id, and on bookings the appointment details.
 */

/** A caller by phone and e-mail; nothing else is needed to look them up. */
export interface CallerContact {
  phone: string;
  email: string;
}

/** `check-client` with both keys. */
export function checkRequest(caller: CallerContact, n: number): BenchRequest {
  return {
    path: '/check-client',
    body: {
      call_id: callId('check', n),
      customer_phone: `+1${caller.phone}`,
      customer_email: caller.email,
    },
  };
}

/** `check-client` by phone only. */
export function checkByPhoneRequest(phone: string, n: number): BenchRequest {
  return {
    path: '/check-client',
    body: { call_id: callId('check', n), customer_phone: `+1${phone}` },
  };
}

/** `create-update-client` for a caller by phone and e-mail, no client id. */
export function bookingRequest(caller: CallerContact, n: number): BenchRequest {
  return {
    path: '/create-update-client',
    body: { ...bookingFields(n), ...contactFields(caller) },
  };
}

/** `create-update-client` naming the client, as after a check-client. */
export function bookingByIdRequest(
  caller: KnownCaller,
  n: number,
): BenchRequest {
  return {
    path: '/create-update-client',
    body: {
      ...bookingFields(n),
      ...contactFields(caller),
      client_id: caller.clientId,
    },
  };
}

/** `delete-client` by id. */
export function deleteRequest(clientId: string, n: number): BenchRequest {
  return {
    path: '/delete-client',
    body: { call_id: callId('delete', n), client_id: clientId },
  };
}

function contactFields(caller: CallerContact) {
  return {
    customer_phone: `+1${caller.phone}`,
    customer_email: caller.email,
  };
}

/** A booking's details; the appointment id makes each booking distinct. */
function bookingFields(n: number) {
  return {
    call_id: callId('book', n),
    customer_first_name: 'Jordan',
    customer_last_name: `Bench ${n}`,
    property_address: '100 North Main Street',
    city: 'Springfield',
    state: 'Illinois',
    zip_code: '62701',
    project_type: 'Kitchen remodel',
    appointment_date: '2026-12-14',
    appointment_time: '10:30 AM',
    appointment_id: `bench-appt-${process.pid}-${n}`,
    notes: 'Wants a quote for cabinets and counters; prefers mornings.',
  };
}

function callId(kind: string, n: number): string {
  return `bench-${kind}-${process.pid}-${n}`;
}
