import { accept, type Normalised, reject } from './result';

const INVALID = 'is not a valid e-mail address';

/** Whitespace, including the invisible kinds that copy-and-paste brings. */
const SPACES = /[\s\u200b-\u200d\u2060\ufeff]+/gu;

/** What RFC 5322 allows unquoted before '@': atoms joined by dots. */
const LOCAL_ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";

const LOCAL_PART = new RegExp(`^${LOCAL_ATOM}(\\.${LOCAL_ATOM})*$`);

const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Top-level domains are letters, or an internationalised 'xn--' name. */
const TOP_LEVEL = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

const MAX_LENGTH = 254;

const MAX_LOCAL_LENGTH = 64;

function isValidDomain(domain: string): boolean {
  const labels = domain.split('.');
  const topLevel = labels[labels.length - 1] ?? '';

  return (
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    TOP_LEVEL.test(topLevel)
  );
}

function isValidAddress(address: string): boolean {
  const at = address.indexOf('@');
  if (at < 1 || at !== address.lastIndexOf('@')) {
    return false;
  }

  const local = address.slice(0, at);
  const domain = address.slice(at + 1);

  return (
    address.length <= MAX_LENGTH &&
    local.length <= MAX_LOCAL_LENGTH &&
    LOCAL_PART.test(local) &&
    isValidDomain(domain)
  );
}

/**
 * Turns a spoken or typed e-mail address into its lower-case form.
 *
 * Removes every space (speech-to-text splits addresses into words), a
 * 'mailto:' prefix and a sentence's closing full stop, then checks the
 * usual shape of an address.
 */
export function normaliseEmail(input: string): Normalised<string> {
  if (typeof input !== 'string' || input.length > MAX_LENGTH * 2) {
    return reject(INVALID);
  }

  const address = input
    .replace(SPACES, '')
    .toLowerCase()
    .replace(/^mailto:/, '')
    .replace(/[.,;]+$/, '');

  return isValidAddress(address) ? accept(address) : reject(INVALID);
}
