import fc from 'fast-check';
import { normalisePhone } from '../../../../lambda/shared/normalise';

describe('normalisePhone', () => {
  it.each([
    '(555) 123-4567',
    '+1 555 123 4567',
    '555.123.4567',
    '15551234567',
    '5551234567',
    '+15551234567',
    '+1 (555) 123-4567',
    '+1-555-123-4567',
    '1 (555) 123-4567',
    '1-555-123-4567',
    '1.555.123.4567',
    '(555)123-4567',
    '555-1234567',
    '555 123 4567',
    '  555-123-4567  ',
    '555/123-4567',
    '555, 123, 4567',
    '5 5 5 1 2 3 4 5 6 7',
    '555\u2013123\u20134567',
    '555\u00a0123\u00a04567',
    '\t555\n123 4567',
  ])('returns 10 digits for %j', (input) => {
    // Act
    const result = normalisePhone(input);

    // Assess
    expect(result).toEqual({ ok: true, value: '5551234567' });
  });

  it.each([
    [
      'full-width digits',
      '\uff15\uff15\uff15\uff11\uff12\uff13\uff14\uff15\uff16\uff17',
    ],
    [
      'Arabic-Indic digits',
      '\u0665\u0665\u0665 \u0661\u0662\u0663 \u0664\u0665\u0666\u0667',
    ],
    [
      'Devanagari digits',
      '\u096b\u096b\u096b\u0967\u0968\u0969\u096a\u096b\u096c\u096d',
    ],
  ])('reads %s as their values', (_script, input) => {
    // Act
    const result = normalisePhone(input);

    // Assess
    expect(result).toEqual({ ok: true, value: '5551234567' });
  });

  it('returns a Canadian number in the same form', () => {
    // Act
    const result = normalisePhone('+1 (416) 555-0199');

    // Assess
    expect(result).toEqual({ ok: true, value: '4165550199' });
  });

  it.each([
    ['', 'has no digits'],
    ['   ', 'has no digits'],
    ['()', 'has no digits'],
    ['+', 'has no digits'],
    ['555-1234', 'has too few digits'],
    ['555 123 456', 'has too few digits'],
    ['1 555 123 456', 'has too few digits'],
    ['+1 555 123 456', 'has too few digits'],
    ['555 123 45678', 'is not a US or Canadian number'],
    ['25551234567', 'is not a US or Canadian number'],
    ['+44 20 7946 0958', 'is not a US or Canadian number'],
    ['+5551234567', 'is not a US or Canadian number'],
    ['0551234567', 'is not a US or Canadian number'],
    ['1 055 123 4567', 'is not a US or Canadian number'],
    ['1 155 123 4567', 'is not a US or Canadian number'],
    ['1555123456789', 'has too many digits'],
    ['555-123-4567-8', 'is not a US or Canadian number'],
    ['555-123-4567-89', 'has too many digits'],
    ['555-123-4567 ext 89', 'contains letters'],
    ['555-123-4567 x89', 'contains letters'],
    ['555-CALL-NOW', 'contains letters'],
    ['five five five one two three four five six seven', 'contains letters'],
    ['O555123456', 'contains letters'],
    ['555#123#4567', 'contains characters that are not part of a phone number'],
    ['555*123*4567', 'contains characters that are not part of a phone number'],
    [
      '555-123-4567+',
      'contains characters that are not part of a phone number',
    ],
    [
      '++15551234567',
      'contains characters that are not part of a phone number',
    ],
    ['1+5551234567', 'contains characters that are not part of a phone number'],
    ['5'.repeat(101), 'is too long to be a phone number'],
  ])('rejects %j because it %s', (input, problem) => {
    // Act
    const result = normalisePhone(input);

    // Assess
    expect(result).toEqual({ ok: false, problem });
  });

  it('rejects a value that is not text', () => {
    // Act
    const result = normalisePhone(5551234567 as unknown as string);

    // Assess
    expect(result).toEqual({ ok: false, problem: 'is not text' });
  });

  it('returns ten digits with a valid area code whenever it accepts', () => {
    // Prepare
    const anyInput = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.stringMatching(/^\+?[0-9 ().-]{0,20}$/),
    );

    // Act and Assess
    fc.assert(
      fc.property(anyInput, (input) => {
        const result = normalisePhone(input);

        return !result.ok || /^[2-9][0-9]{9}$/.test(result.value);
      }),
    );
  });

  it('returns the same number however it is formatted', () => {
    // Prepare
    const number = fc.stringMatching(/^[2-9][0-9]{9}$/);
    const separators = fc.array(
      fc.constantFrom('', ' ', '-', '.', '(', ')', '/', '\u2014'),
      { minLength: 11, maxLength: 11 },
    );
    const prefix = fc.constantFrom('', '1', '+1', '+1 ', '1-');

    // Act and Assess
    fc.assert(
      fc.property(number, separators, prefix, (digits, gaps, lead) => {
        const spoken = [...digits]
          .map((digit, index) => `${gaps[index]}${digit}`)
          .join('');
        const result = normalisePhone(`${lead}${spoken}${gaps[10]}`);

        expect(result).toEqual({ ok: true, value: digits });
      }),
    );
  });

  it('never throws, whatever the text', () => {
    // Act and Assess
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (input) => {
        const result = normalisePhone(input);

        return typeof result.ok === 'boolean';
      }),
    );
  });
});
