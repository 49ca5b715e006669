import fc from 'fast-check';
import { normaliseEmail } from '../../../../lambda/shared/normalise';

describe('normaliseEmail', () => {
  it.each([
    ['john@example.com', 'john@example.com'],
    ['John@Example.COM', 'john@example.com'],
    ['  john@example.com  ', 'john@example.com'],
    ['john smith@example.com', 'johnsmith@example.com'],
    ['john . smith @ example . com', 'john.smith@example.com'],
    ['JOHN.SMITH@EXAMPLE.CO.UK', 'john.smith@example.co.uk'],
    ['john+leads@example.com', 'john+leads@example.com'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['j_doe-99@mail.example-host.org', 'j_doe-99@mail.example-host.org'],
    ['john@example.com.', 'john@example.com'],
    ['john@example.com,', 'john@example.com'],
    ['mailto:John@Example.com', 'john@example.com'],
    ['john\u00a0@example.com', 'john@example.com'],
    ['john\u200b@example.com', 'john@example.com'],
    ['\tjohn@example.com\n', 'john@example.com'],
    ['x@example.xn--p1ai', 'x@example.xn--p1ai'],
  ])('returns %j as %j', (input, expected) => {
    // Act
    const result = normaliseEmail(input);

    // Assess
    expect(result).toEqual({ ok: true, value: expected });
  });

  it.each([
    '',
    '   ',
    'john',
    'john@',
    '@example.com',
    'john@example',
    'john@@example.com',
    'john@doe@example.com',
    'john at example dot com',
    'john@example..com',
    'john@.example.com',
    'john@example.com-',
    'john@-example.com',
    'john@example.c',
    'john@example.123',
    '.john@example.com',
    'john.@example.com',
    'jo..hn@example.com',
    'john@exa_mple.com',
    'john@example.com/path',
    'jöhn@example.com',
    'john@exämple.com',
    '"john"@example.com',
    '{{email}}',
    `${'a'.repeat(65)}@example.com`,
    `john@${'a'.repeat(64)}.com`,
    `john@${'abcdefghij.'.repeat(25)}com`,
  ])('rejects %j as not a valid e-mail address', (input) => {
    // Act
    const result = normaliseEmail(input);

    // Assess
    expect(result).toEqual({
      ok: false,
      problem: 'is not a valid e-mail address',
    });
  });

  it('rejects a value that is not text', () => {
    // Act
    const result = normaliseEmail(null as unknown as string);

    // Assess
    expect(result.ok).toBe(false);
  });

  it('returns a lower-case address without spaces whenever it accepts', () => {
    // Act and Assess
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (input) => {
        const result = normaliseEmail(input);

        return (
          !result.ok ||
          (result.value === result.value.toLowerCase() &&
            !/\s/.test(result.value) &&
            result.value.split('@').length === 2)
        );
      }),
    );
  });

  it('accepts every address fast-check considers valid, lower-cased', () => {
    // Act and Assess
    fc.assert(
      fc.property(fc.emailAddress({ size: 'small' }), (address) => {
        const result = normaliseEmail(address);
        const shortEnough = address.length <= 254;
        const plainTopLevel = /\.[a-z]{2,}$/.test(address);
        fc.pre(shortEnough && plainTopLevel);

        expect(result).toEqual({ ok: true, value: address.toLowerCase() });
      }),
    );
  });

  it('returns the same address when given its own output', () => {
    // Act and Assess
    fc.assert(
      fc.property(fc.emailAddress({ size: 'small' }), (address) => {
        const first = normaliseEmail(address);
        fc.pre(first.ok);

        expect(normaliseEmail(first.ok ? first.value : '')).toEqual(first);
      }),
    );
  });
});
