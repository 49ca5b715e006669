import fc from 'fast-check';

/** Field names of each endpoint's request, as the contract spells them. */
export const REQUEST_FIELDS = {
  check: ['customer_phone', 'customer_email', 'location_id', 'call_id'],
  createUpdate: [
    'client_id',
    'customer_first_name',
    'customer_last_name',
    'customer_phone',
    'customer_email',
    'property_address',
    'city',
    'state',
    'zip_code',
    'project_type',
    'appointment_date',
    'appointment_time',
    'appointment_id',
    'notes',
    'external_id',
    'location_id',
    'call_id',
  ],
  delete: ['client_id', 'external_id', 'location_id', 'call_id'],
} as const;

/** Keys that reach an object's prototype when copied blindly. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Markup and injection attempts a caller could say or a template hold. */
export const MARKUP = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror="alert(1)">',
  '"><svg/onload=alert(1)>',
  "'; DROP TABLE clients; --",
  '&lt;script&gt;already escaped&lt;/script&gt;',
  '<a href="javascript:alert(1)">call me</a>',
  '<!--',
  '{{customer_first_name}}<b>',
  'Tom & Jerry <tom@example.com>',
];

/** A US number in one of the spellings speech-to-text produces. */
export const phoneText = fc
  .tuple(
    fc.integer({ min: 200, max: 999 }),
    fc.integer({ min: 0, max: 9999 }),
    fc.constantFrom(
      (a: string, n: string) => `(${a}) 555-${n}`,
      (a: string, n: string) => `+1 ${a} 555 ${n}`,
      (a: string, n: string) => `${a}.555.${n}`,
      (a: string, n: string) => `1${a}555${n}`,
      (a: string, n: string) => ` ${a}555${n} `,
    ),
  )
  .map(([area, line, format]) =>
    format(String(area), String(line).padStart(4, '0')),
  );

/** An e-mail address as said: mixed case, stray spaces, or broken. */
export const emailText = fc.oneof(
  fc
    .tuple(
      fc.stringMatching(/^[a-z][a-z0-9]{0,8}(\.[a-z0-9]{1,6})?$/),
      fc.constantFrom('example.com', 'mail.example.org', 'example.co.uk'),
      fc.boolean(),
    )
    .map(([local, domain, shout]) => {
      const address = `${local}@${domain}`;

      return shout ? ` ${address.toUpperCase()} ` : address;
    }),
  fc.emailAddress(),
  fc.constantFrom('pat at example dot com', 'a@@b.com', '@example.com'),
);

/** Text of every kind: empty, blank, huge, control characters, any code unit. */
export const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc
      .integer({ min: 0, max: 31 })
      .map((code) => String.fromCharCode(code)),
    maxLength: 12,
  }),
  fc.constantFrom('', '   ', '\t\n', 'null', 'None', 'undefined', '{{x}}'),
  fc.constantFrom(...MARKUP),
  // Long enough to pass every field's limit but the note's; notes of
  // thousands of escaped characters are tested on their own.
  fc
    .tuple(
      fc.constantFrom('a', 'é', '€', '<', '"'),
      fc.integer({ min: 100, max: 1200 }),
    )
    .map(([char, count]) => char.repeat(count)),
  fc.integer({ min: 4001, max: 6000 }).map((count) => 'a'.repeat(count)),
  fc.constantFrom(
    '\u0000',
    '\u202e evil',
    '\ud800',
    'a\u0000b',
    '\ufeff\u200b',
  ),
);

/** A JSON value of the wrong type where text belongs. */
export const wrongType = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileText, { maxKeys: 3 }),
);

/** Any value a hostile or broken template could put in a field. */
export const hostileValue = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: wrongType },
  { weight: 1, arbitrary: phoneText },
  { weight: 1, arbitrary: emailText },
);

/**
 * A hostile value for one field. Phone- and e-mail-shaped values go only
 * where the caller's phone and e-mail belong, so the leak check never
 * mistakes a call id that happens to look like one for personal data.
 */
function valueFor(field: string) {
  if (field === 'customer_phone' || field === 'customer_email') {
    return hostileValue;
  }

  return fc.oneof(hostileText, wrongType);
}

/** A valid booking a hostile request can start from. */
export const validBooking = fc.record({
  customer_first_name: fc.constantFrom('Pat', 'José', "O'Brien", 'Zoë'),
  customer_last_name: fc.constantFrom('Demo', 'Nguyễn', 'Smith-Jones'),
  customer_phone: phoneText,
  customer_email: emailText,
  appointment_date: fc.constant('2026-12-10'),
  notes: fc.oneof(fc.constantFrom(...MARKUP), fc.string({ maxLength: 60 })),
});

/**
 * A request's fields as JSON text built by hand, so that `__proto__`,
 * `constructor` and repeated keys arrive as the caller wrote them (an
 * object literal would swallow `__proto__`).
 */
export function rawJsonObject(entries: [string, unknown][]): string {
  const members = entries.map(
    ([key, value]) =>
      `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`,
  );

  return `{${members.join(',')}}`;
}

/**
 * Fields of one endpoint, each maybe hostile, laid over a valid booking
 * (so requests get past validation and show what reaches ClientTether),
 * plus unknown and prototype-reaching keys.
 */
export function hostileFields(endpoint: keyof typeof REQUEST_FIELDS) {
  const known = REQUEST_FIELDS[endpoint];
  const overrides = fc.array(
    fc
      .constantFrom(...known)
      .chain((field) =>
        valueFor(field).map((value): [string, unknown] => [field, value]),
      ),
    { maxLength: 4 },
  );
  const extras = fc.array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(...PROTOTYPE_KEYS),
        fc.string({ maxLength: 10 }),
      ),
      fc.oneof(hostileValue, fc.constant({ polluted: 'yes' })),
    ),
    { maxLength: 3 },
  );

  return fc
    .tuple(fc.option(validBooking, { nil: undefined }), overrides, extras)
    .map(([base, changed, extra]) => {
      const entries: [string, unknown][] = Object.entries(base ?? {}).filter(
        ([key]) => (known as readonly string[]).includes(key),
      );

      return [...entries, ...changed, ...extra];
    });
}

/** Content types Bland or a misconfigured tool might send. */
export const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    '',
  ),
  fc.string({ maxLength: 30 }),
);

/** Byte sequences that are not UTF-8. */
export const INVALID_UTF8: readonly [string, number[]][] = [
  ['a lone continuation byte', [0x80]],
  ['a truncated two-byte sequence', [0xc3]],
  ['an overlong slash', [0xc0, 0xaf]],
  ['an encoded surrogate', [0xed, 0xa0, 0x80]],
  ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ['the byte 0xFF', [0xff]],
];

/** Base64 of a JSON body with invalid bytes spliced into a value. */
export function base64WithBytes(prefix: string, bytes: number[]): string {
  return Buffer.concat([
    Buffer.from(`{"customer_phone":"${prefix}`),
    Buffer.from(bytes),
    Buffer.from('"}'),
  ]).toString('base64');
}
