import type { z } from 'zod';
import { cleanInput } from '../normalise';
import { RequestValidationError } from './errors';

/**
 * Cleans a request's fields the Bland way (trimmed, "not given" values
 * removed) and validates them, naming every field that is wrong.
 */
export function validateInput<Schema extends z.ZodType>(
  schema: Schema,
  fields: Record<string, unknown>,
): z.infer<Schema> {
  const result = schema.safeParse(cleanInput(fields));
  if (result.success) {
    return result.data;
  }

  throw new RequestValidationError(
    result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || 'body',
      problem: issue.message,
    })),
  );
}
