import * as z from 'zod';
import { fieldProblemSchema } from './fields';

/** Keys on every answer, success or not. */
const envelope = {
  message: z.string(),
  request_id: z.string(),
};

/** The machine-readable reason of every failed answer. */
export const errorCodes = [
  'invalid_request',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'in_use',
  'payload_too_large',
  'request_in_progress',
  'rate_limited',
  'quota_exceeded',
  'upstream_error',
  'credentials_rejected',
  'upstream_timeout',
  'configuration_error',
  'internal_error',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Every 4xx and 5xx answer, from a handler or from the gateway. */
export const errorResponseSchema = z.strictObject({
  success: z.literal(false),
  ...envelope,
  error: z.enum(errorCodes),
  details: z.array(fieldProblemSchema).optional(),
  result_code: z.string().optional(),
  hint: z.string().optional(),
});

export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** check-client when a client matched. */
export const checkClientFoundSchema = z.strictObject({
  success: z.literal(true),
  ...envelope,
  client_exists: z.literal(true),
  client_id: z.string(),
  external_id: z.string().nullable(),
  client_name: z.string().nullable(),
  client_first_name: z.string().nullable(),
  client_last_name: z.string().nullable(),
  client_phone: z.string().nullable(),
  client_email: z.string().nullable(),
  client_address: z.string().nullable(),
  client_city: z.string().nullable(),
  client_state: z.string().nullable(),
  client_zip: z.string().nullable(),
  searched_by: z.enum(['phone', 'email']),
  full_client_data: z.record(z.string(), z.unknown()),
});

/** check-client when nobody matched: still a 200. */
export const checkClientNotFoundSchema = z.strictObject({
  success: z.literal(true),
  ...envelope,
  client_exists: z.literal(false),
  client_id: z.literal(''),
  searched_phone: z.string().nullable(),
  searched_email: z.string().nullable(),
  searched_by: z.enum(['phone', 'email', 'phone_and_email']),
});

export const checkClientResponseSchema = z.union([
  checkClientFoundSchema,
  checkClientNotFoundSchema,
]);

export type CheckClientResponse = z.infer<typeof checkClientResponseSchema>;

/** create-update-client once ClientTether holds the change. */
export const createUpdateClientResponseSchema = z.strictObject({
  success: z.literal(true),
  ...envelope,
  operation: z.enum(['create', 'update']),
  client_id: z.string(),
  external_id: z.string().nullable(),
  matched_by: z.enum(['client_id', 'phone', 'email']).nullable(),
  customer_name: z.string().nullable(),
  customer_phone: z.string().nullable(),
  customer_email: z.string().nullable(),
  appointment_date: z.string().nullable(),
  appointment_time: z.string().nullable(),
  timetap_appointment_id: z.string().nullable(),
  result_code: z.string(),
  warnings: z.array(fieldProblemSchema),
});

export type CreateUpdateClientResponse = z.infer<
  typeof createUpdateClientResponseSchema
>;

/**
 * create-update-client (202) when ClientTether is down: the booking is
 * stored and will be applied shortly. Same keys as the 200, so a Bland
 * mapping reads the same paths.
 */
export const createUpdateClientQueuedSchema = z.strictObject({
  ...createUpdateClientResponseSchema.shape,
  operation: z.literal('queued'),
  client_id: z.null(),
  result_code: z.null(),
});

/** delete-client once the client is gone. */
export const deleteClientResponseSchema = z.strictObject({
  success: z.literal(true),
  ...envelope,
  deleted_by: z.enum(['client_id', 'external_id']),
  client_id: z.string().nullable(),
  external_id: z.string().nullable(),
  result_code: z.string(),
});

export type DeleteClientResponse = z.infer<typeof deleteClientResponseSchema>;
