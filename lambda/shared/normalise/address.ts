import { asciiDigitsIn } from './digits';
import { REGION_NAMES } from './regions';
import { accept, type Normalised, reject } from './result';

const NOT_A_REGION = 'is not a US state or Canadian province';

const NOT_A_POSTCODE = 'is not a US ZIP code or Canadian postal code';

/** Long enough for every name in the table, with room for "the state of". */
const MAX_REGION_LENGTH = 60;

/** Words before a name that leave it unchanged ("the state of Texas"). */
const LEADING_WORDS = /^(the )?((state|province|commonwealth|territory) of )?/;

/** Words after a name that leave it unchanged ("New York State"). */
const TRAILING_WORDS = / (state|province|territory)$/;

/** Abbreviated compass points ("N. Carolina", "W Virginia"). */
const COMPASS: ReadonlyMap<string, string> = new Map([
  ['n', 'north'],
  ['no', 'north'],
  ['s', 'south'],
  ['so', 'south'],
  ['w', 'west'],
]);

/** Lower-case words without accents, full stops or other punctuation. */
function words(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\./g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/** The lookup key of a name: its letters only, so spacing never matters. */
function compact(text: string): string {
  return text.replace(/ /g, '');
}

function buildRegionKeys(): ReadonlyMap<string, string> {
  const keys = new Map<string, string>();
  for (const [code, names] of Object.entries(REGION_NAMES)) {
    keys.set(code.toLowerCase(), code);
    for (const name of names) {
      keys.set(compact(words(name)), code);
    }
  }

  return keys;
}

const REGION_KEYS = buildRegionKeys();

function expandCompass(text: string): string {
  const [first, ...rest] = text.split(' ');
  const point = COMPASS.get(first ?? '');

  return point !== undefined && rest.length > 0
    ? [point, ...rest].join(' ')
    : text;
}

/**
 * Turns a US state, territory or Canadian province into its 2-letter code.
 *
 * Takes the code itself in any case ('ny', 'N.Y.'), the name ('new york',
 * 'Québec'), and common abbreviations ('Calif.', 'N. Carolina').
 */
export function normaliseState(input: string): Normalised<string> {
  if (typeof input !== 'string' || input.length > MAX_REGION_LENGTH) {
    return reject(NOT_A_REGION);
  }

  const spoken = words(input);
  const plain = expandCompass(
    spoken.replace(LEADING_WORDS, '').replace(TRAILING_WORDS, ''),
  );
  const code =
    REGION_KEYS.get(compact(spoken)) ?? REGION_KEYS.get(compact(plain));

  return code === undefined ? reject(NOT_A_REGION) : accept(code);
}

/** Canadian postal codes never use D, F, I, O, Q or U; W and Z never lead. */
const CANADIAN_POSTCODE =
  /^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])(\d[ABCEGHJ-NPRSTV-Z]\d)$/;

/**
 * Turns a US ZIP code or a Canadian postal code into its standard form.
 *
 * US codes become '12345' or '12345-6789' (nine digits in a row are split);
 * Canadian codes become upper case with one space ('K1A 0B1').
 */
export function normaliseZip(input: string): Normalised<string> {
  if (typeof input !== 'string' || input.length > 20) {
    return reject(NOT_A_POSTCODE);
  }

  const code = asciiDigitsIn(input)
    .replace(/[\s\p{Pd}]+/gu, '')
    .toUpperCase();
  if (/^\d{5}$/.test(code)) {
    return accept(code);
  }

  if (/^\d{9}$/.test(code)) {
    return accept(`${code.slice(0, 5)}-${code.slice(5)}`);
  }

  const canadian = CANADIAN_POSTCODE.exec(code);
  if (canadian !== null) {
    return accept(`${canadian[1]} ${canadian[2]}`);
  }

  return reject(NOT_A_POSTCODE);
}
