import * as z from 'zod';

/**
 * A text field as Bland sends it: numbers and booleans arrive unquoted when
 * a template forgets the quotes, so they are accepted as their text.
 */
export function text(maxLength: number) {
  return z.preprocess(
    (value) =>
      typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : value,
    z
      .string({ error: 'must be text' })
      .min(1, { error: 'must not be empty' })
      .max(maxLength, {
        error: `must be at most ${maxLength} characters`,
      }),
  );
}

/** Fields every endpoint accepts. */
export const commonFields = {
  /** Franchise location; selects the ClientTether account. */
  location_id: text(64).optional(),

  /** Bland's call id, used to correlate log lines with a call. */
  call_id: text(128).optional(),
};

/** One problem with one input field, as answered on a 400. */
export const fieldProblemSchema = z.object({
  field: z.string(),
  problem: z.string(),
});

export type FieldProblem = z.infer<typeof fieldProblemSchema>;
