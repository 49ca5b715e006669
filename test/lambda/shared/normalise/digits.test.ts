import fc from 'fast-check';
import {
  asciiDigits,
  asciiDigitsIn,
  digitValue,
} from '../../../../lambda/shared/normalise/digits';

describe('digitValue', () => {
  it.each([
    ['0', 0],
    ['7', 7],
    ['\uff19', 9],
    ['\u0660', 0],
    ['\u0663', 3],
    ['\u06f8', 8],
    ['\u096d', 7],
    ['\u0e55', 5],
    ['\u{1d7ce}', 0],
    ['\u{1d7d7}', 9],
    ['\u{1d7ff}', 9],
    ['\u{1d7f6}', 0],
  ])('returns the value of %j as %d', (char, value) => {
    // Act and Assess
    expect(digitValue(char)).toBe(value);
  });

  it.each(['', 'a', ' ', '\u00b2', '\u2460', '\u216b', '-'])(
    'returns undefined for %j, which is not a decimal digit',
    (char) => {
      // Act and Assess
      expect(digitValue(char)).toBeUndefined();
    },
  );

  it('agrees with NFKC wherever NFKC turns a digit into ASCII', () => {
    // Act and Assess
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        (char) => {
          const value = digitValue(char);
          const folded = char.normalize('NFKC');
          fc.pre(value !== undefined && /^[0-9]$/.test(folded));

          expect(String(value)).toBe(folded);
        },
      ),
    );
  });
});

describe('asciiDigits', () => {
  it('returns only the digits, in ASCII', () => {
    // Act and Assess
    expect(asciiDigits('+1 (\u0665\u0665\u0665) 12a3')).toBe('15551233');
  });
});

describe('asciiDigitsIn', () => {
  it('rewrites digits and keeps everything else', () => {
    // Act and Assess
    expect(asciiDigitsIn('K\uff11A \u0660B1')).toBe('K1A 0B1');
  });
});
