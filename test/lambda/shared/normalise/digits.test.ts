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

  it('agrees with NFKC wherever NFKC turns a character into a digit', () => {
    // Prepare
    const disagreements: string[] = [];
    let compared = 0;

    // Act
    for (let codePoint = 0; codePoint < 0x20000; codePoint += 1) {
      const char = String.fromCodePoint(codePoint);
      const folded = char.normalize('NFKC');
      const value = digitValue(char);
      if (/^\p{Nd}$/u.test(char) && /^[0-9]$/.test(folded)) {
        compared += 1;
        if (String(value) !== folded) {
          disagreements.push(char);
        }
      }
    }

    // Assess
    expect(compared).toBeGreaterThanOrEqual(70);
    expect(disagreements).toEqual([]);
  });
});

describe('asciiDigits', () => {
  it('returns only the digits, in ASCII', () => {
    // Act and Assess
    expect(asciiDigits('+1 (\u0665\u0665\u0665) 12a3')).toBe('1555123');
  });
});

describe('asciiDigitsIn', () => {
  it('rewrites digits and keeps everything else', () => {
    // Act and Assess
    expect(asciiDigitsIn('K\uff11A \u0660B1')).toBe('K1A 0B1');
  });
});
