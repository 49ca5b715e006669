import { digitValue } from './digits';
import { accept, type Normalised, reject } from './result';

/** Formatting people and speech-to-text put between the digits. */
const SEPARATOR = /^[\s()./,\p{Pd}]$/u;

const LETTER = /^\p{L}$/u;

/** Far longer than any number, even spelled out with spaces between. */
const MAX_LENGTH = 100;

type Scan = {
  digits: string;
  plus: boolean;
  letters: boolean;
  strays: boolean;
};

function scan(input: string): Scan {
  const result: Scan = {
    digits: '',
    plus: false,
    letters: false,
    strays: false,
  };

  for (const char of input) {
    const value = digitValue(char);
    if (value !== undefined) {
      result.digits += String(value);
    } else if (char === '+' && !result.plus && result.digits === '') {
      result.plus = true;
    } else if (LETTER.test(char)) {
      result.letters = true;
    } else if (!SEPARATOR.test(char)) {
      result.strays = true;
    }
  }

  return result;
}

/** Checks ten digits: area codes never start with 0 or 1. */
function checkTenDigits(digits: string): Normalised<string> {
  if (digits.startsWith('1')) {
    // Most likely the country code followed by a number one digit short.
    return reject('has too few digits');
  }

  if (digits.startsWith('0')) {
    return reject('is not a US or Canadian number');
  }

  return accept(digits);
}

function checkDigits(digits: string, plus: boolean): Normalised<string> {
  // A '+' announces a country code, and only 1 is North American.
  if (plus && digits !== '' && !digits.startsWith('1')) {
    return reject('is not a US or Canadian number');
  }

  if (digits.length === 0) {
    return reject('has no digits');
  }

  if (digits.length < 10) {
    return reject('has too few digits');
  }

  if (digits.length === 10) {
    return checkTenDigits(digits);
  }

  if (digits.length === 11 && digits.startsWith('1')) {
    const national = digits.slice(1);

    return /^[2-9]/.test(national)
      ? accept(national)
      : reject('is not a US or Canadian number');
  }

  if (digits.length === 11) {
    return reject('is not a US or Canadian number');
  }

  return reject('has too many digits');
}

/**
 * Turns a US or Canadian phone number as spoken or typed into 10 digits.
 *
 * Accepts any formatting, a leading +1 or 1, and digits of any script; the
 * problem completes a sentence such as "The phone number has too few digits".
 */
export function normalisePhone(input: string): Normalised<string> {
  if (typeof input !== 'string') {
    return reject('is not text');
  }

  if (input.length > MAX_LENGTH) {
    return reject('is too long to be a phone number');
  }

  const found = scan(input);
  if (found.letters) {
    return reject('contains letters');
  }

  if (found.strays) {
    return reject('contains characters that are not part of a phone number');
  }

  return checkDigits(found.digits, found.plus);
}
