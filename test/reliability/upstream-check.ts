import type { RecordedCall } from '../../emulator/emulator';

type Rule = (value: string) => boolean;

const PHONE = /^[2-9]\d{9}$/;

const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([a-z0-9-]+\.)+[a-z0-9-]{2,63}$/;

const STATE = /^[A-Z]{2}$/;

const ZIP = /^(\d{5}(-\d{4})?|[A-Z]\d[A-Z] \d[A-Z]\d)$/;

/** An `&` that starts no entity the escaping writes. */
const BARE_AMPERSAND = /&(?!(amp|lt|gt|quot|#39);)/;

/** Whiteboard text: escaped HTML only, at most every char escaped. */
const escapedNote: Rule = (value) =>
  !/[<>"']/.test(value) &&
  !BARE_AMPERSAND.test(value) &&
  [...value].length <= 4000 * 6;

/** At most `max` characters, counted as zod counts them: code points. */
const upTo =
  (max: number): Rule =>
  (value) =>
    [...value].length <= max;

/** Every field a create or update may send, and what its value must be. */
const CLIENT_FIELDS: Record<string, Rule> = {
  firstName: upTo(100),
  lastName: upTo(100),
  phone: (value) => PHONE.test(value),
  email: (value) => EMAIL.test(value) && value.length <= 254,
  address: upTo(200),
  city: upTo(100),
  state: (value) => STATE.test(value),
  zip: (value) => ZIP.test(value),
  external_id: upTo(64),
  project_type: upTo(200),
  appointment_date: upTo(40),
  appointment_time: upTo(40),
  timetap_appointment_id: upTo(64),
  whiteboard: escapedNote,
  append_whiteboard: escapedNote,
};

const ID: Rule = upTo(64);

/** The parameters each call may carry. */
const CALL_FIELDS: Record<RecordedCall['call'], Record<string, Rule>> = {
  read_client_exist: {
    phone: CLIENT_FIELDS.phone as Rule,
    email: CLIENT_FIELDS.email as Rule,
  },
  read_client_by_id: {},
  create_client: CLIENT_FIELDS,
  update_client_by_id: { ...CLIENT_FIELDS, client_id: upTo(32) },
  delete_client_by_id: { client_id: upTo(32) },
  delete_client_by_external_id: { external_id: ID },
};

/** Parameters a call cannot do without. */
const REQUIRED: Record<RecordedCall['call'], string[]> = {
  read_client_exist: [],
  read_client_by_id: [],
  create_client: ['firstName', 'lastName'],
  update_client_by_id: ['client_id'],
  delete_client_by_id: ['client_id'],
  delete_client_by_external_id: ['external_id'],
};

/**
 * What is wrong with the calls that reached the emulator: a parameter
 * outside the call's field list, a value of the wrong form (a phone that
 * is not 10 digits, an e-mail not in lower case, unescaped whiteboard
 * HTML, an object turned into text), or a missing required one.
 * Problems name calls and fields, never values.
 */
export function upstreamProblems(calls: readonly RecordedCall[]): string[] {
  return calls.flatMap((recorded) => callProblems(recorded));
}

function callProblems(recorded: RecordedCall): string[] {
  const { call, params } = recorded;
  const rules = CALL_FIELDS[call];
  const problems: string[] = [];

  for (const [name, value] of Object.entries(params)) {
    const rule = Object.hasOwn(rules, name) ? rules[name] : undefined;
    if (rule === undefined) {
      problems.push(`${call}: unexpected parameter ${name}`);
      continue;
    }
    problems.push(...valueProblems(call, name, value, rule));
  }

  for (const name of REQUIRED[call]) {
    if (!Object.hasOwn(params, name)) {
      problems.push(`${call}: missing ${name}`);
    }
  }

  if (call === 'read_client_exist' && Object.keys(params).length !== 1) {
    problems.push(`${call}: needs exactly one of phone and email`);
  }
  if (
    call === 'read_client_by_id' &&
    !/\/read_client_by_id\/[^/]+$/.test(recorded.path)
  ) {
    problems.push(`${call}: path carries no single id segment`);
  }

  return problems;
}

function valueProblems(
  call: string,
  name: string,
  value: string,
  rule: Rule,
): string[] {
  const problems: string[] = [];
  if (value === '' || value !== value.trim()) {
    problems.push(`${call}: ${name} is blank or untrimmed`);
  }
  if (/\[object \w+\]/.test(value)) {
    problems.push(`${call}: ${name} is an object turned into text`);
  }
  if (!rule(value)) {
    problems.push(`${call}: ${name} has the wrong form`);
  }

  return problems;
}
