/** One example request of the start-up banner. */
export interface ExampleRequest {
  /** What the request shows, printed above its command. */
  title: string;
  method: 'POST' | 'DELETE';
  path: string;
  body: Record<string, string>;
}

// The new caller of the examples: fictional, like the demo clients.
const NEW_CALLER = {
  customer_phone: '312-555-0199',
  customer_email: 'Casey.Newcaller@Example.com',
};

/**
 * The example requests, in an order that works when run one after the
 * other against the demo clients: look up, create, look up, delete.
 */
export const EXAMPLE_REQUESTS: readonly ExampleRequest[] = [
  {
    title: 'check-client, an existing client (phone written another way)',
    method: 'POST',
    path: '/check-client',
    body: { customer_phone: '(312) 555-0101', call_id: 'demo-call-1' },
  },
  {
    title: 'check-client, a new caller (not found)',
    method: 'POST',
    path: '/check-client',
    body: { ...NEW_CALLER, call_id: 'demo-call-2' },
  },
  {
    title: 'create-update-client, book the new caller (creates the client)',
    method: 'POST',
    path: '/create-update-client',
    body: {
      customer_first_name: 'Casey',
      customer_last_name: 'Newcaller',
      ...NEW_CALLER,
      property_address: '200 Example Avenue',
      city: 'Springfield',
      state: 'Illinois',
      zip_code: '62704',
      project_type: 'Bathroom remodel',
      appointment_date: '2030-02-01',
      appointment_time: '14:00',
      appointment_id: 'tt-demo-1',
      external_id: 'demo-booking-1',
      call_id: 'demo-call-2',
    },
  },
  {
    title: 'delete-client, remove that client again (DELETE works too)',
    method: 'POST',
    path: '/delete-client',
    body: { external_id: 'demo-booking-1' },
  },
  {
    title: 'check-client at another location (north)',
    method: 'POST',
    path: '/check-client',
    body: { customer_phone: '612-555-0104', location_id: 'north' },
  },
];

/** A request as a `curl` command that works when pasted into a shell. */
export function curlCommand(
  baseUrl: string,
  apiKey: string,
  example: ExampleRequest,
): string {
  const words = [
    'curl',
    '-sS',
    ...(example.method === 'POST' ? [] : ['-X', example.method]),
    `${baseUrl}${example.path}`,
    '-H',
    shellQuote(`x-api-key: ${apiKey}`),
    '-H',
    shellQuote('content-type: application/json'),
    '-d',
    shellQuote(JSON.stringify(example.body)),
  ];

  return words.join(' ');
}

/** Quotes a word for POSIX shells; a single quote becomes `'\''`. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
