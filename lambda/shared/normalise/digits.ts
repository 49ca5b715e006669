const DECIMAL_DIGIT = /^\p{Nd}$/u;

function isDecimalDigit(codePoint: number): boolean {
  return DECIMAL_DIGIT.test(String.fromCodePoint(codePoint));
}

/**
 * Returns the value 0–9 of a decimal digit in any script, or undefined.
 *
 * Unicode encodes every set of decimal digits as one run of ten code points
 * from zero to nine, so the distance to the start of the run gives the value
 * without a table.
 */
export function digitValue(char: string): number | undefined {
  const codePoint = char.codePointAt(0);
  if (codePoint === undefined) {
    return undefined;
  }

  if (codePoint >= 48 && codePoint <= 57) {
    return codePoint - 48;
  }

  if (!isDecimalDigit(codePoint)) {
    return undefined;
  }

  let start = codePoint;
  while (start > 0 && isDecimalDigit(start - 1)) {
    start -= 1;
  }

  return (codePoint - start) % 10;
}

/** Returns the decimal digits of a text in ASCII, dropping everything else. */
export function asciiDigits(text: string): string {
  let digits = '';
  for (const char of text) {
    const value = digitValue(char);
    if (value !== undefined) {
      digits += String(value);
    }
  }

  return digits;
}

/** Returns a text with its decimal digits of any script written in ASCII. */
export function asciiDigitsIn(text: string): string {
  return text.replace(/\p{Nd}/gu, (char) => String(digitValue(char)));
}
