import { asciiDigits } from './normalise/digits';

/** Fewer digits than this and the last four would give most of it away. */
const MIN_DIGITS_TO_SHOW_FOUR = 7;

/** Enough stars to tell a short number from a long one, and no more. */
const MAX_STARS = 12;

const HIDDEN = '***';

const MAX_EMAIL_LENGTH = 320;

function visibleDigits(phone: string): { hidden: number; shown: string } {
  const digits = typeof phone === 'string' ? asciiDigits(phone) : '';
  if (digits.length < MIN_DIGITS_TO_SHOW_FOUR) {
    return { hidden: digits.length, shown: '' };
  }

  return { hidden: digits.length - 4, shown: digits.slice(-4) };
}

/**
 * Returns the last 4 digits of a phone number for log keys, or '' when the
 * number is too short to show any.
 */
export function lastFour(phone: string): string {
  return visibleDigits(phone).shown;
}

/** Masks a phone number for logs: '******4567', all stars when short. */
export function maskPhone(phone: string): string {
  const { hidden, shown } = visibleDigits(phone);

  return '*'.repeat(Math.min(hidden, MAX_STARS)) + shown;
}

function firstChar(text: string): string {
  const [first] = text;

  return first ?? '';
}

function maskDomain(domain: string): string {
  const dot = domain.lastIndexOf('.');
  const name = dot === -1 ? domain : domain.slice(0, dot);
  const topLevel = dot === -1 ? '' : domain.slice(dot + 1);
  const shownTopLevel = /^[a-z]{2,24}$/i.test(topLevel) ? `.${topLevel}` : '';

  return `${firstChar(name)}${HIDDEN}${shownTopLevel}`;
}

/**
 * Masks an e-mail address for logs: 'j***@e***.com'.
 *
 * Keeps the first character of the local part and of the domain, and the
 * top-level domain; anything without an '@' is masked whole.
 */
export function maskEmail(email: string): string {
  if (typeof email !== 'string') {
    return HIDDEN;
  }

  // Longer than any real address; the cut keeps the trimming below cheap.
  const address = email.slice(0, MAX_EMAIL_LENGTH).trim().replace(/\.+$/, '');
  const at = address.lastIndexOf('@');
  if (at === -1) {
    return HIDDEN;
  }

  const local = address.slice(0, at);
  const domain = address.slice(at + 1);

  return `${firstChar(local)}${HIDDEN}@${maskDomain(domain)}`;
}
