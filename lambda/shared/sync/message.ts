import * as z from 'zod';
import { fieldProblemSchema } from '../api/fields';

/**
 * A booking waiting for ClientTether, as the queue carries it: the
 * validated, normalised request and what is needed to trace it back to
 * the call. The schema guards the worker against a message it did not
 * write (an operator's hand-made replay, an old version).
 */
export const queuedBookingSchema = z.object({
  version: z.literal(1),
  requestId: z.string(),
  callId: z.string().optional(),
  locationId: z.string().optional(),
  queuedAt: z.string(),
  reason: z.string(),
  booking: z.object({
    clientId: z.string().optional(),
    keys: z.object({
      phone: z.string().optional(),
      email: z.string().optional(),
    }),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    externalId: z.string().optional(),
    fields: z.record(z.string(), z.string()),
    note: z.string().optional(),
    appointment: z.object({
      date: z.string().optional(),
      time: z.string().optional(),
      timetapId: z.string().optional(),
    }),
  }),
  warnings: z.array(fieldProblemSchema),
});

export type QueuedBooking = z.infer<typeof queuedBookingSchema>;
