import type { CallOutcome } from './envelope';
import { type ClientStore, phoneDigits } from './store';
import type { EmulatorCall, EmulatorClient } from './types';

/** What one call needs to produce its answer. */
export interface CallContext {
  store: ClientStore;
  webKey: string;
  params: Record<string, string>;
  /** The `<client_id>` path segment of `read_client_by_id`. */
  pathId?: string;
  duplicateCheck: boolean;
  /** How this `read_client_exist` should say that nothing matched. */
  notFound: () => CallOutcome;
}

/** The HTTP method each call expects. */
export const CALL_METHODS: Record<EmulatorCall, string> = {
  read_client_exist: 'GET',
  read_client_by_id: 'GET',
  create_client: 'POST',
  update_client_by_id: 'POST',
  delete_client_by_id: 'DELETE',
  delete_client_by_external_id: 'DELETE',
};

/** The four shapes upstream uses for "no match", in rotation order. */
export const NOT_FOUND_FORMS: readonly CallOutcome[] = [
  { code: 'CT515', data: [] },
  { code: 'CT200', data: [], totalRecord: 0 },
  { code: 'CT200', totalRecord: 0 },
  { code: 'CT200', data: [{ client_id: false }], totalRecord: 1 },
];

// Parameters that steer a write rather than being stored as fields.
const CONTROL_PARAMS = new Set(['client_id', 'append_whiteboard']);

const NOT_FOUND: CallOutcome = { code: 'CT515', data: [] };

const MISSING: CallOutcome = { code: 'CT501', data: [] };

const OK_EMPTY: CallOutcome = { code: 'CT200', data: [] };

/** Answers one call against the store. */
export function runCall(call: EmulatorCall, context: CallContext): CallOutcome {
  switch (call) {
    case 'read_client_exist':
      return readClientExist(context);
    case 'read_client_by_id':
      return readClientById(context);
    case 'create_client':
      return createClient(context);
    case 'update_client_by_id':
      return updateClientById(context);
    case 'delete_client_by_id':
      return deleteClientById(context);
    case 'delete_client_by_external_id':
      return deleteClientByExternalId(context);
  }
}

function readClientExist(context: CallContext): CallOutcome {
  const { store, webKey, params } = context;
  const phone = present(params.phone);
  const email = present(params.email);

  // The contract is one identifier per request; both is a client bug.
  if (phone && email) {
    return { code: 'CT400', data: [] };
  }

  let matches: EmulatorClient[];

  if (phone) {
    matches = store.findByPhone(webKey, phone);
  } else if (email) {
    matches = store.findByEmail(webKey, email);
  } else {
    return MISSING;
  }

  if (matches.length === 0) {
    return context.notFound();
  }

  const data = matches.map((client) => ({
    client_id: client.client_id,
    external_id: client.external_id ?? null,
  }));

  return { code: 'CT200', data };
}

function readClientById(context: CallContext): CallOutcome {
  const clientId = present(context.pathId);

  if (!clientId) {
    return MISSING;
  }

  const client = context.store.get(context.webKey, clientId);

  if (!client) {
    return NOT_FOUND;
  }

  const { has_appointments: _internal, ...record } = client;

  return { code: 'CT200', data: [record] };
}

function createClient(context: CallContext): CallOutcome {
  const { store, webKey, params } = context;

  if (!present(params.firstName) || !present(params.lastName)) {
    return MISSING;
  }

  if (context.duplicateCheck && isDuplicate(context)) {
    return { code: 'CT520', data: [] };
  }

  const fields = storedFields(params);
  const note = appendNote(fields.whiteboard, params.append_whiteboard);

  if (note !== undefined) {
    fields.whiteboard = note;
  }

  const client = store.insert(webKey, fields);

  return { code: 'CT200', data: [{ client_id: client.client_id }] };
}

function updateClientById(context: CallContext): CallOutcome {
  const { store, webKey, params } = context;
  const clientId = present(params.client_id);

  if (!clientId) {
    return MISSING;
  }

  const client = store.get(webKey, clientId);

  if (!client) {
    return NOT_FOUND;
  }

  const fields = storedFields(params);
  const current = fields.whiteboard ?? stringOrUndefined(client.whiteboard);
  const note = appendNote(current, params.append_whiteboard);

  if (note !== undefined) {
    fields.whiteboard = note;
  }

  store.patch(webKey, clientId, fields);

  return { code: 'CT200', data: [{ client_id: clientId }] };
}

function deleteClientById(context: CallContext): CallOutcome {
  const { store, webKey, params } = context;
  const clientId = present(params.client_id);

  if (!clientId) {
    return MISSING;
  }

  const client = store.get(webKey, clientId);

  if (!client) {
    return NOT_FOUND;
  }

  if (hasAppointments(client)) {
    return { code: 'CT512', data: [] };
  }

  store.remove(webKey, clientId);

  return OK_EMPTY;
}

function deleteClientByExternalId(context: CallContext): CallOutcome {
  const { store, webKey, params } = context;
  const externalId = present(params.external_id);

  if (!externalId) {
    return MISSING;
  }

  const clients = store.findByExternalId(webKey, externalId);

  if (clients.length === 0) {
    return NOT_FOUND;
  }

  // All or nothing: one client in use keeps every match.
  if (clients.some(hasAppointments)) {
    return { code: 'CT512', data: [] };
  }

  for (const client of clients) {
    store.remove(webKey, client.client_id);
  }

  const data = clients.map((client) => ({ client_id: client.client_id }));

  return { code: 'CT200', data };
}

function isDuplicate(context: CallContext): boolean {
  const { store, webKey, params } = context;
  const phone = present(params.phone);
  const email = present(params.email);

  const phoneTaken =
    phone !== undefined &&
    phoneDigits(phone) !== '' &&
    store.findByPhone(webKey, phone).length > 0;
  const emailTaken =
    email !== undefined && store.findByEmail(webKey, email).length > 0;

  return phoneTaken || emailTaken;
}

function storedFields(params: Record<string, string>): Record<string, string> {
  const fields: Record<string, string> = {};

  for (const [name, value] of Object.entries(params)) {
    if (!CONTROL_PARAMS.has(name)) {
      fields[name] = value;
    }
  }

  return fields;
}

function appendNote(
  current: string | undefined,
  addition: string | undefined,
): string | undefined {
  if (addition === undefined || addition === '') {
    return undefined;
  }

  return current ? `${current}\n${addition}` : addition;
}

// Seeds set a boolean; a write can only carry the text 'true'.
function hasAppointments(client: EmulatorClient): boolean {
  const flag: unknown = client.has_appointments;

  return flag === true || flag === 'true';
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
