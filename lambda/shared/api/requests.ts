import * as z from 'zod';
import { commonFields, text } from './fields';

/** `POST /check-client`: at least one usable phone or e-mail. */
export const checkClientRequestSchema = z.object({
  ...commonFields,
  customer_phone: text(40).optional(),
  customer_email: text(254).optional(),
});

export type CheckClientRequest = z.infer<typeof checkClientRequestSchema>;

/** `POST /create-update-client`: a booked appointment to record. */
export const createUpdateClientRequestSchema = z.object({
  ...commonFields,
  client_id: text(32).optional(),
  customer_first_name: text(100).optional(),
  customer_last_name: text(100).optional(),
  customer_phone: text(40).optional(),
  customer_email: text(254).optional(),
  property_address: text(200).optional(),
  city: text(100).optional(),
  state: text(40).optional(),
  zip_code: text(20).optional(),
  project_type: text(200).optional(),
  appointment_date: text(40).optional(),
  appointment_time: text(40).optional(),
  appointment_id: text(64).optional(),
  notes: text(4000).optional(),
  external_id: text(64).optional(),
});

export type CreateUpdateClientRequest = z.infer<
  typeof createUpdateClientRequestSchema
>;

/** `POST|DELETE /delete-client`: `client_id` wins over `external_id`. */
export const deleteClientRequestSchema = z.object({
  ...commonFields,
  client_id: text(32).optional(),
  external_id: text(64).optional(),
});

export type DeleteClientRequest = z.infer<typeof deleteClientRequestSchema>;
