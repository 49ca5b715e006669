import fc from 'fast-check';
import {
  normaliseState,
  normaliseZip,
} from '../../../../lambda/shared/normalise';
import { REGION_NAMES } from '../../../../lambda/shared/normalise/regions';

const US_STATES: readonly [string, string][] = [
  ['Alabama', 'AL'],
  ['Alaska', 'AK'],
  ['Arizona', 'AZ'],
  ['Arkansas', 'AR'],
  ['California', 'CA'],
  ['Colorado', 'CO'],
  ['Connecticut', 'CT'],
  ['Delaware', 'DE'],
  ['Florida', 'FL'],
  ['Georgia', 'GA'],
  ['Hawaii', 'HI'],
  ['Idaho', 'ID'],
  ['Illinois', 'IL'],
  ['Indiana', 'IN'],
  ['Iowa', 'IA'],
  ['Kansas', 'KS'],
  ['Kentucky', 'KY'],
  ['Louisiana', 'LA'],
  ['Maine', 'ME'],
  ['Maryland', 'MD'],
  ['Massachusetts', 'MA'],
  ['Michigan', 'MI'],
  ['Minnesota', 'MN'],
  ['Mississippi', 'MS'],
  ['Missouri', 'MO'],
  ['Montana', 'MT'],
  ['Nebraska', 'NE'],
  ['Nevada', 'NV'],
  ['New Hampshire', 'NH'],
  ['New Jersey', 'NJ'],
  ['New Mexico', 'NM'],
  ['New York', 'NY'],
  ['North Carolina', 'NC'],
  ['North Dakota', 'ND'],
  ['Ohio', 'OH'],
  ['Oklahoma', 'OK'],
  ['Oregon', 'OR'],
  ['Pennsylvania', 'PA'],
  ['Rhode Island', 'RI'],
  ['South Carolina', 'SC'],
  ['South Dakota', 'SD'],
  ['Tennessee', 'TN'],
  ['Texas', 'TX'],
  ['Utah', 'UT'],
  ['Vermont', 'VT'],
  ['Virginia', 'VA'],
  ['Washington', 'WA'],
  ['West Virginia', 'WV'],
  ['Wisconsin', 'WI'],
  ['Wyoming', 'WY'],
];

const US_OTHER: readonly [string, string][] = [
  ['District of Columbia', 'DC'],
  ['Puerto Rico', 'PR'],
  ['Guam', 'GU'],
  ['U.S. Virgin Islands', 'VI'],
  ['American Samoa', 'AS'],
  ['Northern Mariana Islands', 'MP'],
  ['Marshall Islands', 'MH'],
  ['Federated States of Micronesia', 'FM'],
  ['Palau', 'PW'],
  ['Armed Forces Europe', 'AE'],
  ['Armed Forces Pacific', 'AP'],
  ['Armed Forces Americas', 'AA'],
];

const CANADA: readonly [string, string][] = [
  ['Alberta', 'AB'],
  ['British Columbia', 'BC'],
  ['Manitoba', 'MB'],
  ['New Brunswick', 'NB'],
  ['Newfoundland and Labrador', 'NL'],
  ['Nova Scotia', 'NS'],
  ['Northwest Territories', 'NT'],
  ['Nunavut', 'NU'],
  ['Ontario', 'ON'],
  ['Prince Edward Island', 'PE'],
  ['Quebec', 'QC'],
  ['Saskatchewan', 'SK'],
  ['Yukon', 'YT'],
];

const ALL_REGIONS = [...US_STATES, ...US_OTHER, ...CANADA];

describe('normaliseState', () => {
  it('knows exactly 50 states and 13 provinces and territories', () => {
    // Assess
    expect(new Set(US_STATES.map(([, code]) => code)).size).toBe(50);
    expect(new Set(CANADA.map(([, code]) => code)).size).toBe(13);
  });

  it.each(ALL_REGIONS)('returns the code of %s', (name, code) => {
    // Act
    const results = [
      normaliseState(name),
      normaliseState(name.toUpperCase()),
      normaliseState(name.toLowerCase()),
      normaliseState(`  ${name}  `),
    ];

    // Assess
    for (const result of results) {
      expect(result).toEqual({ ok: true, value: code });
    }
  });

  it.each(ALL_REGIONS)('accepts the code of %s as %s', (_name, code) => {
    // Act
    const results = [
      normaliseState(code),
      normaliseState(code.toLowerCase()),
      normaliseState(`${code[0]}.${code[1]}.`),
      normaliseState(` ${code} `),
    ];

    // Assess
    for (const result of results) {
      expect(result).toEqual({ ok: true, value: code });
    }
  });

  it.each([
    ['new york', 'NY'],
    ['N.Y.', 'NY'],
    ['n. y.', 'NY'],
    ['NewYork', 'NY'],
    ['New York State', 'NY'],
    ['the state of New York', 'NY'],
    ['Washington State', 'WA'],
    ['Washington, D.C.', 'DC'],
    ['Washington DC', 'DC'],
    ['D.C.', 'DC'],
    ['Commonwealth of Massachusetts', 'MA'],
    ['Commonwealth of Puerto Rico', 'PR'],
    ['N. Carolina', 'NC'],
    ['No. Dakota', 'ND'],
    ['S Carolina', 'SC'],
    ['W. Virginia', 'WV'],
    ['W. Va.', 'WV'],
    ['north-carolina', 'NC'],
    ['Calif.', 'CA'],
    ['Mass.', 'MA'],
    ['Penn.', 'PA'],
    ['Tex.', 'TX'],
    ['Fla', 'FL'],
    ["Hawai'i", 'HI'],
    ['Qc', 'QC'],
    ['Québec', 'QC'],
    ['QUÉBEC', 'QC'],
    ['Province of Quebec', 'QC'],
    ['Ontario Province', 'ON'],
    ['Ont.', 'ON'],
    ['Newfoundland & Labrador', 'NL'],
    ['Newfoundland', 'NL'],
    ['PEI', 'PE'],
    ['P.E.I.', 'PE'],
    ['NWT', 'NT'],
    ['Yukon Territory', 'YT'],
    ['US Virgin Islands', 'VI'],
    ['USVI', 'VI'],
    ['Virgin Islands', 'VI'],
  ])('returns %j as %s', (input, code) => {
    // Act
    const result = normaliseState(input);

    // Assess
    expect(result).toEqual({ ok: true, value: code });
  });

  it.each([
    '',
    '   ',
    'XX',
    'ZZ',
    'PQ',
    'N',
    'New',
    'North',
    'State',
    'the state of',
    'York',
    'Carolina',
    'Dakota',
    'England',
    'Mexico',
    'USA',
    'Canada',
    'New Yorkshire',
    'N.Y.C.',
    'constructor',
    'constructor Carolina',
    '__proto__',
    'toString',
    '12',
    'Texas'.repeat(20),
  ])('rejects %j', (input) => {
    // Act
    const result = normaliseState(input);

    // Assess
    expect(result).toEqual({
      ok: false,
      problem: 'is not a US state or Canadian province',
    });
  });

  it('returns the listed code for every listed name and abbreviation', () => {
    // Prepare
    const entries = Object.entries(REGION_NAMES).flatMap(([code, names]) =>
      names.map((name) => [name, code] as const),
    );

    // Act
    const wrong = entries.filter(
      ([name, code]) =>
        normaliseState(name).ok !== true ||
        (normaliseState(name) as { value: string }).value !== code,
    );

    // Assess
    expect(entries.length).toBeGreaterThan(90);
    expect(wrong).toEqual([]);
  });

  it('returns only codes it also accepts', () => {
    // Act and Assess
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (input) => {
        const result = normaliseState(input);
        if (!result.ok) {
          return true;
        }

        return (
          /^[A-Z]{2}$/.test(result.value) && normaliseState(result.value).ok
        );
      }),
    );
  });

  it('accepts no 2-letter code other than real ones', () => {
    // Prepare
    const real = new Set(ALL_REGIONS.map(([, code]) => code));
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const accepted: string[] = [];

    // Act
    for (const first of letters) {
      for (const second of letters) {
        if (normaliseState(first + second).ok) {
          accepted.push(first + second);
        }
      }
    }

    // Assess
    expect(accepted.sort()).toEqual([...real].sort());
  });

  it('rejects a value that is not text', () => {
    // Act
    const result = normaliseState(undefined as unknown as string);

    // Assess
    expect(result.ok).toBe(false);
  });
});

describe('normaliseZip', () => {
  it.each([
    ['12345', '12345'],
    [' 02134 ', '02134'],
    ['12345-6789', '12345-6789'],
    ['12345 6789', '12345-6789'],
    ['123456789', '12345-6789'],
    ['12345\u20136789', '12345-6789'],
    ['1 2 3 4 5', '12345'],
    ['\uff11\uff12\uff13\uff14\uff15', '12345'],
    ['K1A 0B1', 'K1A 0B1'],
    ['k1a0b1', 'K1A 0B1'],
    ['K1A0B1', 'K1A 0B1'],
    ['  m5v  3l9 ', 'M5V 3L9'],
    ['h2x-1y4', 'H2X 1Y4'],
    ['T2P 2M5', 'T2P 2M5'],
    ['V6B 4Y8', 'V6B 4Y8'],
    ['X0A 0H0', 'X0A 0H0'],
  ])('returns %j as %j', (input, expected) => {
    // Act
    const result = normaliseZip(input);

    // Assess
    expect(result).toEqual({ ok: true, value: expected });
  });

  it.each([
    '',
    '1234',
    '123456',
    '12345-678',
    '12345-67890',
    '1234567890',
    'ABCDE',
    '12345a',
    'K1A 0B',
    'K1A 0B12',
    'W1A 0B1',
    'Z1A 0B1',
    'D1A 0B1',
    'K1O 0B1',
    'K1A 0U1',
    'KKA 0B1',
    '1A1 A1A',
    'SW1A 1AA',
    '{{zip}}',
    '1'.repeat(30),
  ])('rejects %j', (input) => {
    // Act
    const result = normaliseZip(input);

    // Assess
    expect(result).toEqual({
      ok: false,
      problem: 'is not a US ZIP code or Canadian postal code',
    });
  });

  it('returns one of the three standard shapes whenever it accepts', () => {
    // Prepare
    const shapes = /^(\d{5}|\d{5}-\d{4}|[A-Z]\d[A-Z] \d[A-Z]\d)$/;

    // Act and Assess
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (input) => {
        const result = normaliseZip(input);

        return !result.ok || shapes.test(result.value);
      }),
    );
  });

  it('returns its own output unchanged', () => {
    // Prepare
    const zip = fc.stringMatching(/^(\d{5}|\d{9}|[a-z]\d[a-z] ?\d[a-z]\d)$/);

    // Act and Assess
    fc.assert(
      fc.property(zip, (input) => {
        const first = normaliseZip(input);
        fc.pre(first.ok);

        expect(normaliseZip(first.ok ? first.value : '')).toEqual(first);
      }),
    );
  });
});
