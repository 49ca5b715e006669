import { z } from 'zod';
import {
  checkClientRequestSchema,
  createUpdateClientRequestSchema,
  deleteClientRequestSchema,
} from '../lambda/shared/api/requests';
import {
  checkClientFoundSchema,
  checkClientNotFoundSchema,
  createUpdateClientQueuedSchema,
  createUpdateClientResponseSchema,
  deleteClientResponseSchema,
  type ErrorResponse,
  errorResponseSchema,
} from '../lambda/shared/api/responses';
import {
  ClientInUseError,
  ClientNotFoundError,
  ClientTetherRejectedError,
  ClientTetherTimeoutError,
  ClientTetherUnavailableError,
  ConfigurationError,
  CredentialsRejectedError,
  CredentialsUnavailableError,
  UnknownLocationError,
} from '../lambda/shared/clienttether/errors';
import { MAX_BODY_BYTES } from '../lambda/shared/http/body';
import { toErrorAnswer } from '../lambda/shared/http/error-response';
import {
  ForbiddenError,
  PayloadTooLargeError,
  RequestInProgressError,
  RequestValidationError,
} from '../lambda/shared/http/errors';
import { resolveLocation } from '../lambda/shared/location-access';
import { logger } from '../lambda/shared/logger';
import { environments } from '../lib/config';

/** A JSON object of the document; its shape is OpenAPI's, not typed here. */
export type JsonObject = { [key: string]: unknown };

/** Where `npm run openapi` writes the document, from the project root. */
export const OPENAPI_FILE = 'docs/openapi.json';

/**
 * Every component schema, by name: the zod schema the handlers use and
 * whether the document shows what it accepts (`input`, requests) or what
 * it produces (`output`, responses).
 */
export const COMPONENT_SCHEMAS = {
  CheckClientRequest: { schema: checkClientRequestSchema, io: 'input' },
  CreateUpdateClientRequest: {
    schema: createUpdateClientRequestSchema,
    io: 'input',
  },
  DeleteClientRequest: { schema: deleteClientRequestSchema, io: 'input' },
  CheckClientFound: { schema: checkClientFoundSchema, io: 'output' },
  CheckClientNotFound: { schema: checkClientNotFoundSchema, io: 'output' },
  CreateUpdateClientResponse: {
    schema: createUpdateClientResponseSchema,
    io: 'output',
  },
  CreateUpdateClientQueued: {
    schema: createUpdateClientQueuedSchema,
    io: 'output',
  },
  DeleteClientResponse: { schema: deleteClientResponseSchema, io: 'output' },
  ErrorResponse: { schema: errorResponseSchema, io: 'output' },
} as const;

/** Name of a component schema. */
export type ComponentName = keyof typeof COMPONENT_SCHEMAS;

const NOT_GIVEN =
  'An empty string, "null", "None", "undefined" (any case), JSON null ' +
  'and an unfilled placeholder such as "{{customer_email}}" all count as ' +
  'not given. Numbers and booleans are read as their text; values are ' +
  'trimmed.';

const LOCATION_ID =
  'Franchise location; selects its ClientTether account. With a ' +
  "location's API key, leave it out (or send that location's id): " +
  'another location is refused with 403. With the operator key, any ' +
  "configured location; left out, the environment's default account.";

const CALL_ID =
  "Bland's {{call_id}}; put on every log line of the request so one " +
  'call can be traced in CloudWatch.';

const PHONE =
  "The caller's phone number, US or Canadian, in any common form: " +
  '(312) 555-0101, +1 312 555 0101, 312.555.0101, 13125550101. ' +
  'Normalised to 10 digits.';

const EMAIL = "The caller's e-mail address; trimmed and lower-cased.";

/** Field descriptions, per request component. */
const REQUEST_FIELD_DESCRIPTIONS: Record<string, Record<string, string>> = {
  CheckClientRequest: {
    location_id: LOCATION_ID,
    call_id: CALL_ID,
    customer_phone: `${PHONE} A phone match wins over an e-mail match.`,
    customer_email: `${EMAIL} Used when the phone matches nobody.`,
  },
  CreateUpdateClientRequest: {
    location_id: LOCATION_ID,
    call_id: CALL_ID,
    client_id:
      'ClientTether client id (from check-client). When given, that ' +
      'client is updated without a lookup; 404 when it does not exist.',
    customer_first_name: 'Required when a new client has to be created.',
    customer_last_name: 'Required when a new client has to be created.',
    customer_phone:
      `${PHONE} Finds the client to update; stored. An unusable one is ` +
      'left out with a warning when another key (e-mail, client_id) ' +
      'is usable.',
    customer_email:
      `${EMAIL} Finds the client when the phone does not; stored. An ` +
      'unusable one is left out with a warning when another key is usable.',
    property_address: 'Street address of the property.',
    city: 'City of the property.',
    state:
      'US state or Canadian province, as a name or 2-letter code; stored ' +
      'as the code. An unknown one is left out with a warning.',
    zip_code:
      'US ZIP or Canadian postal code. An invalid one is left out with a ' +
      'warning.',
    project_type: 'Stored as the custom field project_type.',
    appointment_date: 'Stored as the custom field appointment_date, as given.',
    appointment_time: 'Stored as the custom field appointment_time, as given.',
    appointment_id: 'TimeTap appointment id; stored as timetap_appointment_id.',
    notes:
      "Added to the client's whiteboard note (appended on an update); " +
      'HTML is escaped. Without notes, a one-line appointment summary is ' +
      'added instead.',
    external_id:
      'Your own id for the client; stored on create and answered back.',
  },
  DeleteClientRequest: {
    location_id: LOCATION_ID,
    call_id: CALL_ID,
    client_id: 'ClientTether client id to delete; wins over external_id.',
    external_id: 'Delete the client with this external_id instead.',
  },
};

const ONE_CALLER_KEY = 'At least one usable customer_phone or customer_email.';

/** What each request component as a whole accepts. */
const REQUEST_DESCRIPTIONS: Record<string, string> = {
  CheckClientRequest: `${ONE_CALLER_KEY} ${NOT_GIVEN}`,
  CreateUpdateClientRequest:
    'A booked appointment. Without client_id, at least one usable ' +
    'customer_phone or customer_email; to create a client, also both ' +
    `names. ${NOT_GIVEN}`,
  DeleteClientRequest: `client_id or external_id. ${NOT_GIVEN}`,
};

/** Descriptions of response fields that need one. */
const RESPONSE_FIELD_DESCRIPTIONS: Record<string, string> = {
  success: 'true on 200 and 202, false on every error.',
  message: 'One plain sentence the agent can read.',
  request_id: "API Gateway's request id; quote it when asking about a request.",
  client_exists: 'Route on this: true when the caller is a client.',
  client_id:
    'ClientTether client id; "" (check-client) or null when there is ' +
    'none to tell.',
  searched_by: 'Which key found the client, or which keys were tried.',
  full_client_data: 'The whole ClientTether record, as ClientTether sent it.',
  operation: 'create, update, or queued (202: saved once the CRM is back).',
  matched_by: 'How the client to update was found; null on create.',
  warnings: 'Optional fields that were unusable and left out.',
  result_code: 'ClientTether result code, such as CT200.',
  error: 'Machine-readable reason; route on it or on the status.',
  details: 'Each invalid field and its problem (400).',
  hint: 'What an operator can do about it (409).',
};

/**
 * Turns the zod schemas into OpenAPI component schemas. Text fields take
 * numbers and booleans and read "not given" values as absent before they
 * are validated, so the document says so instead of the post-cleaning
 * `minLength`.
 */
export function componentSchemas(): Record<ComponentName, JsonObject> {
  const components = {} as Record<ComponentName, JsonObject>;

  for (const io of ['input', 'output'] as const) {
    const registry = z.registry<{ id: string }>();
    for (const [id, entry] of Object.entries(COMPONENT_SCHEMAS)) {
      if (entry.io === io) {
        registry.add(entry.schema, { id });
      }
    }

    const { schemas } = z.toJSONSchema(registry, {
      io,
      target: 'draft-2020-12',
      uri: (id) => `#/components/schemas/${id}`,
      override: (context) => widenTextField(context),
    }) as { schemas: Record<string, JsonObject> };

    for (const [id, schema] of Object.entries(schemas)) {
      const { $schema, $id, ...rest } = schema;
      components[id as ComponentName] = describeComponent(id, rest);
    }
  }

  return components;
}

/** A `text()` field: a preprocess (transform) piped into a string. */
function widenTextField(context: {
  zodSchema: unknown;
  jsonSchema: JsonObject;
}): void {
  const def = (context.zodSchema as { _zod: { def: ZodDef } })._zod.def;
  if (def.type !== 'pipe' || def.in?._zod.def.type !== 'transform') {
    return;
  }

  context.jsonSchema.type = ['string', 'number', 'boolean', 'null'];
  delete context.jsonSchema.minLength;
}

interface ZodDef {
  type: string;
  in?: { _zod: { def: ZodDef } };
}

function describeComponent(id: string, schema: JsonObject): JsonObject {
  const properties = (schema.properties ?? {}) as Record<string, JsonObject>;
  const requestFields = REQUEST_FIELD_DESCRIPTIONS[id];
  const descriptions = requestFields ?? RESPONSE_FIELD_DESCRIPTIONS;

  for (const [name, property] of Object.entries(properties)) {
    const description = descriptions[name];
    if (description !== undefined) {
      property.description = description;
    }
  }

  const description = REQUEST_DESCRIPTIONS[id];

  return description === undefined ? schema : { description, ...schema };
}

/** An example value and its one-line summary. */
interface Example {
  summary: string;
  value: unknown;
}

/** An example with its name under `components.examples`. */
interface NamedExample extends Example {
  name: string;
}

/** Gives each example of a map its key as its name. */
function named<K extends string, T extends Example>(
  examples: Record<K, T>,
  prefix = '',
): Record<K, T & NamedExample> {
  return Object.fromEntries(
    Object.entries<T>(examples).map(([key, example]) => {
      const name = prefix ? `${prefix}${capitalise(key)}` : key;

      return [key, { ...example, name }];
    }),
  ) as Record<K, T & NamedExample>;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An error answer as the document shows it. */
interface ErrorExample extends Example {
  status: number;
  value: ErrorResponse;
  retryAfter?: string;
}

const REQUEST_ID = '5f0c7a4e-2b1d-4c3e-9a8f-1d2e3f4a5b6c';

/** The answer the handlers' one error mapping gives `error`. */
function handlerAnswer(summary: string, error: unknown): ErrorExample {
  const { statusCode, body, headers } = toErrorAnswer(error);

  return {
    summary,
    status: statusCode,
    value: { ...body, request_id: REQUEST_ID },
    retryAfter: headers?.['Retry-After'],
  };
}

/** A gateway response of the deployed API, by its API Gateway type. */
export interface GatewayExample extends ErrorExample {
  responseType: string;
}

function gatewayAnswer(
  responseType: string,
  status: number,
  error: ErrorResponse['error'],
  message: string,
  retryAfter?: string,
): GatewayExample {
  return {
    responseType,
    summary: `API Gateway: ${message}`,
    status,
    value: { success: false, error, message, request_id: REQUEST_ID },
    retryAfter,
  };
}

/** API Gateway's own answers, as the stack configures them. */
export const GATEWAY_EXAMPLES = named(
  {
    invalidApiKey: gatewayAnswer(
      'INVALID_API_KEY',
      403,
      'forbidden',
      'The API key is missing or not valid.',
    ),
    unknownRoute: gatewayAnswer(
      'MISSING_AUTHENTICATION_TOKEN',
      404,
      'not_found',
      'There is no such endpoint for this method.',
    ),
    tooLarge: gatewayAnswer(
      'REQUEST_TOO_LARGE',
      413,
      'payload_too_large',
      'The request body is too large.',
    ),
    throttled: gatewayAnswer(
      'THROTTLED',
      429,
      'rate_limited',
      'Too many requests; try again in a moment.',
      '1',
    ),
    quotaExceeded: gatewayAnswer(
      'QUOTA_EXCEEDED',
      429,
      'quota_exceeded',
      'The daily request quota of this API key is used up.',
    ),
    integrationFailure: gatewayAnswer(
      'INTEGRATION_FAILURE',
      502,
      'upstream_error',
      'The service could not complete the request.',
    ),
    integrationTimeout: gatewayAnswer(
      'INTEGRATION_TIMEOUT',
      504,
      'upstream_timeout',
      'The service did not answer in time.',
    ),
    default5xx: gatewayAnswer(
      'DEFAULT_5XX',
      500,
      'internal_error',
      'The service failed to answer the request.',
    ),
  } satisfies Record<string, GatewayExample>,
  'gateway',
);

/** The message of delete-client when the environment does not allow it. */
export const DELETE_DISABLED_MESSAGE = 'Deleting clients is not enabled here.';

/** The refusal of a location key naming another location. */
function otherLocationError(): unknown {
  try {
    resolveLocation('another-location', 'key-id', { 'key-id': 'own' });
  } catch (error) {
    return error;
  }

  throw new Error('resolveLocation accepted another location');
}

/** The handlers' error answers, made by the handlers' own mapping. */
function handlerExamples() {
  return named({
    noCallerKey: handlerAnswer(
      'Neither phone nor e-mail given (or both not given)',
      new RequestValidationError([
        {
          field: 'customer_phone',
          problem: 'is required when customer_email is not given',
        },
        {
          field: 'customer_email',
          problem: 'is required when customer_phone is not given',
        },
      ]),
    ),
    badPhone: handlerAnswer(
      'The only key given is unusable',
      new RequestValidationError([
        { field: 'customer_phone', problem: 'has too few digits' },
      ]),
    ),
    namesMissing: handlerAnswer(
      'A new client needs both names',
      new RequestValidationError([
        {
          field: 'customer_first_name',
          problem: 'is required to create a new client',
        },
        {
          field: 'customer_last_name',
          problem: 'is required to create a new client',
        },
      ]),
    ),
    noDeleteTarget: handlerAnswer(
      'Neither client_id nor external_id given',
      new RequestValidationError([
        {
          field: 'client_id',
          problem: 'is required when external_id is not given',
        },
        {
          field: 'external_id',
          problem: 'is required when client_id is not given',
        },
      ]),
    ),
    notJson: handlerAnswer(
      'The body is not JSON (nor a form)',
      new RequestValidationError([
        { field: 'body', problem: 'is not valid JSON' },
      ]),
    ),
    unknownLocation: handlerAnswer(
      'No ClientTether account is configured for the location_id',
      new UnknownLocationError('unknown-location'),
    ),
    otherLocation: handlerAnswer(
      "A location's key named another location",
      otherLocationError(),
    ),
    deleteDisabled: handlerAnswer(
      'Delete is switched off in this environment',
      new ForbiddenError(DELETE_DISABLED_MESSAGE),
    ),
    clientIdNotFound: handlerAnswer(
      'No client has that client_id',
      new ClientNotFoundError('update_client_by_id', 'CT515'),
    ),
    deleteNotFound: handlerAnswer(
      'No client has that id',
      new ClientNotFoundError('delete_client_by_id', 'CT515'),
    ),
    inUse: handlerAnswer(
      'The client still has related records (CT512)',
      new ClientInUseError('delete_client_by_id'),
    ),
    tooLarge: handlerAnswer(
      `The body is larger than ${MAX_BODY_BYTES} bytes`,
      new PayloadTooLargeError(MAX_BODY_BYTES),
    ),
    inProgress: handlerAnswer(
      'The same request is still running; retry after Retry-After',
      new RequestInProgressError(2),
    ),
    upstreamDown: handlerAnswer(
      'ClientTether failed (HTTP 5xx, CT500, not JSON, network)',
      new ClientTetherUnavailableError('read_client_exist', 'HTTP 500', {
        httpStatus: 500,
      }),
    ),
    upstreamRejected: handlerAnswer(
      'ClientTether refused the content (CT400, CT404, CT501, CT525)',
      new ClientTetherRejectedError('create_client', 'CT525'),
    ),
    credentialsRejected: handlerAnswer(
      'ClientTether refused the credentials, also after a refetch',
      new CredentialsRejectedError('read_client_exist', 401),
    ),
    credentialsUnavailable: handlerAnswer(
      'Secrets Manager could not be reached',
      new CredentialsUnavailableError('Secrets Manager throttled'),
    ),
    upstreamTimeout: handlerAnswer(
      'ClientTether did not answer within the deadline',
      new ClientTetherTimeoutError('read_client_exist'),
    ),
    misconfigured: handlerAnswer(
      'The secret is missing or incomplete',
      new ConfigurationError('ClientTether credentials are missing'),
    ),
    unexpected: handlerAnswer('An unexpected failure', new Error('unexpected')),
  } satisfies Record<string, ErrorExample>);
}

type HandlerExamples = ReturnType<typeof handlerExamples>;

/** Builds the handler examples with the logger silenced. */
function quietly<T>(build: () => T): T {
  const level = logger.getLevelName();
  logger.setLogLevel('SILENT');
  try {
    return build();
  } finally {
    logger.setLogLevel(level);
  }
}

const CALL_ID_EXAMPLE = 'c8a1f9e2-7b3d-4e5f-8a6b-9c0d1e2f3a4b';

/** Request examples, per operation. */
const REQUEST_EXAMPLES = {
  checkClient: named(
    {
      byPhone: {
        summary: 'A Bland template filled in; the e-mail was never set',
        value: {
          customer_phone: '(312) 555-0101',
          customer_email: '',
          call_id: CALL_ID_EXAMPLE,
          location_id: 'springfield',
        },
      },
      placeholders: {
        summary: 'Unfilled placeholders count as not given',
        value: {
          customer_phone: '+1 312 555 0101',
          customer_email: '{{customer_email}}',
          call_id: '{{call_id}}',
        },
      },
    },
    'checkClient',
  ),
  createUpdateClient: named(
    {
      booking: {
        summary: 'A booked appointment',
        value: {
          customer_first_name: 'Pat',
          customer_last_name: 'Demo',
          customer_phone: '312-555-0101',
          customer_email: 'Pat.Demo@Example.com',
          property_address: '100 Sample Street',
          city: 'Springfield',
          state: 'Illinois',
          zip_code: '62701',
          project_type: 'Kitchen remodel',
          appointment_date: '2030-03-04',
          appointment_time: '10:00',
          appointment_id: 'tt-48213',
          notes: 'Prefers a morning visit.',
          external_id: 'None',
          call_id: CALL_ID_EXAMPLE,
          location_id: 'springfield',
        },
      },
      byClientId: {
        summary: 'Update the client check-client found',
        value: {
          client_id: '1000001',
          appointment_date: '2030-03-04',
          appointment_time: '10:00',
          call_id: CALL_ID_EXAMPLE,
        },
      },
    },
    'createUpdateClient',
  ),
  deleteClient: named(
    {
      byClientId: {
        summary: 'By ClientTether client id',
        value: { client_id: '1000003', call_id: CALL_ID_EXAMPLE },
      },
      byExternalId: {
        summary: 'By your own external id',
        value: { client_id: 'null', external_id: 'demo-booking-1' },
      },
    },
    'deleteClient',
  ),
};

/** Successful answers, per operation. */
const SUCCESS_EXAMPLES = named({
  found: {
    summary: 'The caller is a client',
    value: {
      success: true,
      message: 'The caller is an existing client: Pat.',
      client_exists: true,
      client_id: '1000001',
      external_id: 'demo-ext-1',
      client_name: 'Pat Demo',
      client_first_name: 'Pat',
      client_last_name: 'Demo',
      client_phone: '3125550101',
      client_email: 'pat.demo@example.com',
      client_address: '100 Sample Street',
      client_city: 'Springfield',
      client_state: 'IL',
      client_zip: '62701',
      searched_by: 'phone',
      full_client_data: {
        client_id: '1000001',
        external_id: 'demo-ext-1',
        firstName: 'Pat',
        lastName: 'Demo',
        phone: '3125550101',
        email: 'pat.demo@example.com',
        address: '100 Sample Street',
        city: 'Springfield',
        state: 'IL',
        zip: '62701',
        project_type: 'Kitchen remodel',
      },
      request_id: REQUEST_ID,
    },
  },
  notFound: {
    summary: 'The caller is not a client (still 200)',
    value: {
      success: true,
      message: 'The caller is not an existing client.',
      client_exists: false,
      client_id: '',
      searched_phone: '3125550199',
      searched_email: 'casey.newcaller@example.com',
      searched_by: 'phone_and_email',
      request_id: REQUEST_ID,
    },
  },
  updated: {
    summary: 'The caller was a client: updated',
    value: {
      success: true,
      message: 'The client was updated with the appointment details.',
      operation: 'update',
      client_id: '1000001',
      external_id: 'demo-ext-1',
      matched_by: 'phone',
      customer_name: 'Pat Demo',
      customer_phone: '3125550101',
      customer_email: 'pat.demo@example.com',
      appointment_date: '2030-03-04',
      appointment_time: '10:00',
      timetap_appointment_id: 'tt-48213',
      result_code: 'CT200',
      warnings: [],
      request_id: REQUEST_ID,
    },
  },
  created: {
    summary: 'A new caller: created, with an unusable state left out',
    value: {
      success: true,
      message: 'The client was created with the appointment details.',
      operation: 'create',
      client_id: '1000005',
      external_id: null,
      matched_by: null,
      customer_name: 'Casey Newcaller',
      customer_phone: '3125550199',
      customer_email: 'casey.newcaller@example.com',
      appointment_date: '2030-02-01',
      appointment_time: '14:00',
      timetap_appointment_id: 'tt-48214',
      result_code: 'CT200',
      warnings: [
        {
          field: 'state',
          problem: 'is not a US state or Canadian province; left out',
        },
      ],
      request_id: REQUEST_ID,
    },
  },
  queued: {
    summary: 'ClientTether is down: stored, applied shortly',
    value: {
      success: true,
      message:
        'The booking is recorded and your details will be saved shortly.',
      operation: 'queued',
      client_id: null,
      external_id: null,
      matched_by: null,
      customer_name: 'Pat Demo',
      customer_phone: '3125550101',
      customer_email: null,
      appointment_date: '2030-03-04',
      appointment_time: '10:00',
      timetap_appointment_id: null,
      result_code: null,
      warnings: [],
      request_id: REQUEST_ID,
    },
  },
  deletedById: {
    summary: 'Deleted by client_id',
    value: {
      success: true,
      message: 'The client was deleted.',
      deleted_by: 'client_id',
      client_id: '1000003',
      external_id: null,
      result_code: 'CT200',
      request_id: REQUEST_ID,
    },
  },
  deletedByExternalId: {
    summary: 'Deleted by external_id',
    value: {
      success: true,
      message: 'The client was deleted.',
      deleted_by: 'external_id',
      client_id: null,
      external_id: 'demo-booking-1',
      result_code: 'CT200',
      request_id: REQUEST_ID,
    },
  },
} satisfies Record<string, Example>);

const STATUS_DESCRIPTIONS: Record<number, string> = {
  200: 'Done.',
  202: 'Accepted: stored durably and applied once ClientTether is back.',
  400: 'The request is not valid; `details` names each field.',
  403: 'The API key is missing or wrong, or may not do this.',
  404: 'No such client, or no such route.',
  409: 'The client still has related records in ClientTether.',
  413: 'The body is too large.',
  429: 'Slow down: throttled, over quota, or the same request is running.',
  500: 'The service is misconfigured or failed unexpectedly.',
  502: 'ClientTether failed, refused the request or the credentials.',
  504: 'ClientTether did not answer in time.',
};

/** A response whose examples are all error answers. */
function errorResponse(
  status: number,
  examples: (ErrorExample & NamedExample)[],
): JsonObject {
  const retryable = examples.some((example) => example.retryAfter);
  const headers = retryable
    ? {
        'Retry-After': {
          description: 'Seconds to wait before retrying.',
          schema: { type: 'string' },
        },
      }
    : undefined;

  return {
    description: STATUS_DESCRIPTIONS[status],
    ...(headers ? { headers } : {}),
    content: {
      'application/json': {
        schema: ref('ErrorResponse'),
        examples: namedExamples(examples),
      },
    },
  };
}

function successResponse(
  status: number,
  schema: JsonObject,
  examples: NamedExample[],
): JsonObject {
  return {
    description: STATUS_DESCRIPTIONS[status],
    content: {
      'application/json': { schema, examples: namedExamples(examples) },
    },
  };
}

/** References to the examples, which live in `components.examples`. */
function namedExamples(examples: NamedExample[]): Record<string, JsonObject> {
  return Object.fromEntries(
    examples.map(({ name }) => [
      name,
      { $ref: `#/components/examples/${name}` },
    ]),
  );
}

/** Every example, for `components.examples`. */
function exampleComponents(
  handler: HandlerExamples,
): Record<string, JsonObject> {
  const all: NamedExample[] = [
    ...Object.values(REQUEST_EXAMPLES).flatMap((set) => Object.values(set)),
    ...Object.values(SUCCESS_EXAMPLES),
    ...Object.values(handler),
    ...Object.values(GATEWAY_EXAMPLES),
  ];

  return Object.fromEntries(
    all.map(({ name, summary, value }) => [name, { summary, value }]),
  );
}

function ref(name: ComponentName): JsonObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** Groups error examples by status into OpenAPI responses. */
function errorResponses(
  examples: (ErrorExample & NamedExample)[],
): Record<string, JsonObject> {
  const byStatus = new Map<number, (ErrorExample & NamedExample)[]>();
  for (const example of examples) {
    byStatus.set(example.status, [
      ...(byStatus.get(example.status) ?? []),
      example,
    ]);
  }

  return Object.fromEntries(
    [...byStatus.entries()].map(([status, group]) => [
      String(status),
      errorResponse(status, group),
    ]),
  );
}

function requestBody(
  name: ComponentName,
  examples: NamedExample[],
): JsonObject {
  const named = namedExamples(examples);

  return {
    required: true,
    description:
      'JSON whatever the Content-Type says; a form-encoded body is read ' +
      'as a form. Query-string parameters fill in fields the body leaves ' +
      'out. At most 16 KiB.',
    content: {
      'application/json': { schema: ref(name), examples: named },
      'application/x-www-form-urlencoded': {
        schema: ref(name),
        examples: named,
      },
    },
  };
}

/** Errors every endpoint can answer, besides its own. */
function commonErrors(
  handler: HandlerExamples,
  gateway: typeof GATEWAY_EXAMPLES,
) {
  return {
    badRequest: [handler.notJson, handler.unknownLocation],
    forbidden: [gateway.invalidApiKey, handler.otherLocation],
    tooLarge: [handler.tooLarge, gateway.tooLarge],
    limited: [gateway.throttled, gateway.quotaExceeded],
    failed: [handler.misconfigured, handler.unexpected, gateway.default5xx],
    upstream: [
      handler.upstreamDown,
      handler.credentialsRejected,
      handler.credentialsUnavailable,
      gateway.integrationFailure,
    ],
    timeout: [handler.upstreamTimeout, gateway.integrationTimeout],
  };
}

function checkClientOperation(handler: HandlerExamples): JsonObject {
  const common = commonErrors(handler, GATEWAY_EXAMPLES);
  const examples = REQUEST_EXAMPLES.checkClient;

  return {
    operationId: 'checkClient',
    summary: 'Is the caller already a client?',
    description:
      'Looks the caller up by phone and e-mail; a phone match wins. ' +
      'Read-only: safe to retry. Route on `client_exists`; a caller who ' +
      'is not a client is a 200 with `client_exists: false`, while a ' +
      'failed lookup is a 502 or 504, never "not a client".',
    requestBody: requestBody('CheckClientRequest', [
      examples.byPhone,
      examples.placeholders,
    ]),
    responses: {
      '200': successResponse(
        200,
        { oneOf: [ref('CheckClientFound'), ref('CheckClientNotFound')] },
        [SUCCESS_EXAMPLES.found, SUCCESS_EXAMPLES.notFound],
      ),
      ...errorResponses([
        handler.noCallerKey,
        handler.badPhone,
        ...common.badRequest,
        ...common.forbidden,
        ...common.tooLarge,
        ...common.limited,
        ...common.failed,
        ...common.upstream,
        ...common.timeout,
      ]),
    },
  };
}

function createUpdateClientOperation(handler: HandlerExamples): JsonObject {
  const common = commonErrors(handler, GATEWAY_EXAMPLES);
  const examples = REQUEST_EXAMPLES.createUpdateClient;

  return {
    operationId: 'createUpdateClient',
    summary: 'Record a booked appointment on the client',
    description:
      'Updates the client named by client_id, or the one the phone or ' +
      'e-mail finds, and creates a client only when nobody matches. Safe ' +
      'to retry: the same request within the idempotency window gets the ' +
      'first answer again without a second write. When ClientTether is ' +
      'down, slow or refusing the credentials, the booking is stored and ' +
      'answered 202 (`operation: "queued"`).',
    requestBody: requestBody('CreateUpdateClientRequest', [
      examples.booking,
      examples.byClientId,
    ]),
    responses: {
      '200': successResponse(200, ref('CreateUpdateClientResponse'), [
        SUCCESS_EXAMPLES.updated,
        SUCCESS_EXAMPLES.created,
      ]),
      '202': successResponse(202, ref('CreateUpdateClientQueued'), [
        SUCCESS_EXAMPLES.queued,
      ]),
      ...errorResponses([
        handler.namesMissing,
        handler.noCallerKey,
        ...common.badRequest,
        ...common.forbidden,
        handler.clientIdNotFound,
        ...common.tooLarge,
        handler.inProgress,
        ...common.limited,
        ...common.failed,
        handler.upstreamRejected,
        ...common.upstream,
        ...common.timeout,
      ]),
    },
  };
}

function deleteClientOperation(
  handler: HandlerExamples,
  method: 'post' | 'delete',
): JsonObject {
  const common = commonErrors(handler, GATEWAY_EXAMPLES);
  const examples = REQUEST_EXAMPLES.deleteClient;
  const body = requestBody('DeleteClientRequest', [
    examples.byClientId,
    examples.byExternalId,
  ]);

  return {
    operationId: method === 'post' ? 'deleteClient' : 'deleteClientByDelete',
    summary:
      method === 'post'
        ? 'Delete a client (POST, for Bland agent tools)'
        : 'Delete a client (DELETE)',
    description:
      'Deletes a client by client_id or, failing that, external_id. ' +
      'Cannot be undone. Deployed only where the environment enables ' +
      'delete (not in prod by default); elsewhere the route answers 404. ' +
      'Safe to retry: a repeat within the idempotency window gets the ' +
      'first answer.',
    ...(method === 'delete'
      ? {
          parameters: deleteQueryParameters(),
          requestBody: { ...body, required: false },
        }
      : { requestBody: body }),
    responses: {
      '200': successResponse(200, ref('DeleteClientResponse'), [
        SUCCESS_EXAMPLES.deletedById,
        SUCCESS_EXAMPLES.deletedByExternalId,
      ]),
      ...errorResponses([
        handler.noDeleteTarget,
        ...common.badRequest,
        ...common.forbidden,
        handler.deleteDisabled,
        handler.deleteNotFound,
        GATEWAY_EXAMPLES.unknownRoute,
        handler.inUse,
        ...common.tooLarge,
        handler.inProgress,
        ...common.limited,
        ...common.failed,
        ...common.upstream,
        ...common.timeout,
      ]),
    },
  };
}

/** A DELETE may name its client in the query string instead of a body. */
function deleteQueryParameters(): JsonObject[] {
  const fields = REQUEST_FIELD_DESCRIPTIONS.DeleteClientRequest ?? {};

  return ['client_id', 'external_id', 'location_id', 'call_id'].map((name) => ({
    name,
    in: 'query',
    required: false,
    description: fields[name],
    schema: { type: 'string' },
  }));
}

const API_DESCRIPTION = [
  'Lets a Bland AI voice agent look callers up in ClientTether and keep',
  'their client record up to date while they are on the line.',
  '',
  'Every endpoint takes POST, so both Bland pathway webhook nodes and',
  'agent webhook tools can call it, and every request needs the',
  '`x-api-key` header. Every answer is a flat JSON object with `success`,',
  '`message` and `request_id`; errors add `error` (a fixed code) and, on',
  '400, `details`. Handlers answer within their 5-second deadline.',
  '',
  'Generated from the zod schemas the handlers validate with',
  '(`npm run openapi`); do not edit by hand.',
].join('\n');

/** The whole OpenAPI document. */
export function buildOpenApiDocument(): JsonObject {
  const handler = quietly(handlerExamples);

  return {
    openapi: '3.1.0',
    info: {
      title: 'ClientTether API for Bland AI voice agents',
      version: '1.0.0',
      description: API_DESCRIPTION,
    },
    servers: [
      {
        url: 'https://{restApiId}.execute-api.{region}.amazonaws.com/{stage}',
        description: 'A deployed environment (the stack output ApiUrl)',
        variables: {
          restApiId: { default: 'abcdef1234' },
          region: { default: 'us-west-2' },
          stage: { default: 'dev', enum: Object.keys(environments) },
        },
      },
      { url: 'http://localhost:3000', description: 'npm start' },
    ],
    security: [{ apiKey: [] }],
    paths: {
      '/check-client': { post: checkClientOperation(handler) },
      '/create-update-client': {
        post: createUpdateClientOperation(handler),
      },
      '/delete-client': {
        post: deleteClientOperation(handler, 'post'),
        delete: deleteClientOperation(handler, 'delete'),
      },
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description:
            "The API key of the caller's location (or the operator key); " +
            'the stack outputs the command that prints it.',
        },
      },
      schemas: componentSchemas(),
      examples: exampleComponents(handler),
    },
  };
}

/**
 * The document as committed: keys sorted at every level, except the
 * field order of `properties` and the examples' own values, which read
 * as the API sends them; two-space indent and a trailing newline.
 */
export function serialiseDocument(document: unknown): string {
  return `${JSON.stringify(canonical(document, 'sort'), null, 2)}\n`;
}

type Order = 'sort' | 'keep-keys' | 'verbatim';

function canonical(value: unknown, order: Order): unknown {
  if (order === 'verbatim' || typeof value !== 'object' || value === null) {
    return value;
  }

  if (Array.isArray(value)) {
    return value.map((item) => canonical(item, 'sort'));
  }

  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const ordered = order === 'sort' ? [...keys].sort() : keys;

  return Object.fromEntries(
    ordered.map((key) => [key, canonical(record[key], childOrder(key, order))]),
  );
}

function childOrder(key: string, order: Order): Order {
  if (order !== 'sort') {
    return 'sort';
  }
  if (key === 'properties') {
    return 'keep-keys';
  }

  return key === 'value' || key === 'example' ? 'verbatim' : 'sort';
}

/** The document exactly as `npm run openapi` writes it. */
export function renderOpenApiDocument(): string {
  return serialiseDocument(buildOpenApiDocument());
}
