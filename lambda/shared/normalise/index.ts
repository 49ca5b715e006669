export { normaliseState, normaliseZip } from './address';
export { cleanInput, coerceBoolean, isNotGiven } from './bland';
export { normaliseEmail } from './email';
export { normalisePhone } from './phone';
export type { Normalised } from './result';
