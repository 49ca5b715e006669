import fc from 'fast-check';
import { lastFour, maskEmail, maskPhone } from '../../../lambda/shared/mask';

describe('maskPhone', () => {
  it.each([
    ['5551234567', '******4567'],
    ['(555) 123-4567', '******4567'],
    ['+1 555 123 4567', '*******4567'],
    ['555-1234', '***1234'],
    ['5551234', '***1234'],
    ['123456', '******'],
    ['1234', '****'],
    ['12', '**'],
    ['', ''],
    ['no digits', ''],
    [
      '\u0665\u0665\u0665\u0661\u0662\u0663\u0664\u0665\u0666\u0667',
      '******4567',
    ],
    ['1'.repeat(50), `${'*'.repeat(12)}1111`],
  ])('masks %j as %j', (phone, masked) => {
    // Act and Assess
    expect(maskPhone(phone)).toBe(masked);
  });

  it('returns an empty mask for a value that is not text', () => {
    // Act and Assess
    expect(maskPhone(undefined as unknown as string)).toBe('');
  });

  it('never shows more than the last four digits', () => {
    // Prepare
    const phone = fc.oneof(
      fc.stringMatching(/^\+?[0-9 ().-]{0,20}$/),
      fc.string({ unit: 'binary' }),
    );

    // Act and Assess
    fc.assert(
      fc.property(phone, (input) => {
        const masked = maskPhone(input);
        const shown = masked.replace(/\*/g, '');

        expect(shown.length).toBeLessThanOrEqual(4);
        expect(/^\**[0-9]{0,4}$/.test(masked)).toBe(true);
      }),
    );
  });

  it('shows at most the last four digits of a ten-digit number', () => {
    // Act and Assess
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{10}$/), (phone) => {
        expect(maskPhone(phone)).toBe(`******${phone.slice(6)}`);
      }),
    );
  });
});

describe('lastFour', () => {
  it.each([
    ['5551234567', '4567'],
    ['(555) 123-4567', '4567'],
    ['+1 555 123 4567', '4567'],
    ['123456', ''],
    ['', ''],
  ])('returns %j as %j', (phone, four) => {
    // Act and Assess
    expect(lastFour(phone)).toBe(four);
  });

  it('returns the digits maskPhone shows', () => {
    // Act and Assess
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9 ()+-]{0,16}$/), (phone) => {
        expect(maskPhone(phone).replace(/\*/g, '')).toBe(lastFour(phone));
      }),
    );
  });
});

describe('maskEmail', () => {
  it.each([
    ['john@example.com', 'j***@e***.com'],
    ['John.Smith@Example.COM', 'J***@E***.COM'],
    ['a@b.co', 'a***@b***.co'],
    ['jane@mail.example.co.uk', 'j***@m***.uk'],
    ['  john@example.com.  ', 'j***@e***.com'],
    ['john@localhost', 'j***@l***'],
    ['john@10.0.0.1', 'j***@1***'],
    ['@example.com', '***@e***.com'],
    ['john@', 'j***@***'],
    ['a@b@example.com', 'a***@e***.com'],
    ['\u{1f600}x@example.com', '\u{1f600}***@e***.com'],
    ['not an address', '***'],
    ['', '***'],
  ])('masks %j as %j', (email, masked) => {
    // Act and Assess
    expect(maskEmail(email)).toBe(masked);
  });

  it('masks a value that is not text', () => {
    // Act and Assess
    expect(maskEmail(42 as unknown as string)).toBe('***');
  });

  it('never returns the whole address', () => {
    // Act and Assess
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const masked = maskEmail(email);
        const [local = '', domain = ''] = email.split('@');

        expect(masked).not.toContain(email);
        expect(masked).toContain('***');
        expect(local.length <= 1 || !masked.includes(local)).toBe(true);
        expect(domain.length <= 4 || !masked.includes(domain)).toBe(true);
      }),
    );
  });
});
