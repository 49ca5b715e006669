import fc from 'fast-check';
import {
  cleanInput,
  coerceBoolean,
  isNotGiven,
} from '../../../../lambda/shared/normalise';

describe('isNotGiven', () => {
  it.each([
    undefined,
    null,
    '',
    ' ',
    '\t\n',
    'null',
    'NULL',
    'Null',
    ' null ',
    'None',
    'none',
    'NONE',
    'undefined',
    'Undefined',
    'UNDEFINED',
    '{{client_id}}',
    '{{ client_id }}',
    '  {{phone}}  ',
    '{{}}',
    '{{ input.email }}',
  ])('returns true for %j', (value) => {
    // Act
    const result = isNotGiven(value);

    // Assess
    expect(result).toBe(true);
  });

  it.each([
    'John',
    '0',
    'false',
    'nil',
    'NaN',
    'nullable',
    'none of them',
    'Mr. None',
    '{client_id}',
    '{{client_id}',
    'id {{client_id}}',
    '{{a}} and {{b}}',
    0,
    false,
    Number.NaN,
    [],
    {},
  ])('returns false for %j', (value) => {
    // Act
    const result = isNotGiven(value);

    // Assess
    expect(result).toBe(false);
  });
});

describe('cleanInput', () => {
  it('trims strings and removes keys whose values are not given', () => {
    // Prepare
    const body = {
      first_name: '  Jane ',
      last_name: 'Doe',
      email: 'None',
      phone: '{{from}}',
      notes: '',
      client_id: 'null',
      location_id: '  undefined ',
      extra: null,
    };

    // Act
    const result = cleanInput(body);

    // Assess
    expect(result).toEqual({ first_name: 'Jane', last_name: 'Doe' });
    expect(Object.keys(result as object)).toEqual(['first_name', 'last_name']);
  });

  it('keeps numbers, booleans and strings such as "false" and "0"', () => {
    // Prepare
    const body = { a: 0, b: false, c: 12.5, d: 'false', e: '0', f: true };

    // Act
    const result = cleanInput(body);

    // Assess
    expect(result).toEqual(body);
  });

  it('cleans nested objects and arrays', () => {
    // Prepare
    const body = {
      client: { name: ' Jane ', email: '{{email}}', tags: [' a ', 'null'] },
      list: [null, 'None', 1, { x: ' y ', z: '' }, []],
    };

    // Act
    const result = cleanInput(body);

    // Assess
    expect(result).toEqual({
      client: { name: 'Jane', tags: ['a'] },
      list: [1, { x: 'y' }, []],
    });
  });

  it('returns undefined for a not-given top-level value', () => {
    // Act and Assess
    expect(cleanInput('  None ')).toBeUndefined();
    expect(cleanInput(null)).toBeUndefined();
    expect(cleanInput(undefined)).toBeUndefined();
  });

  it('returns a trimmed top-level string and numbers as they are', () => {
    // Act and Assess
    expect(cleanInput(' text ')).toBe('text');
    expect(cleanInput(42)).toBe(42);
    expect(cleanInput(true)).toBe(true);
  });

  it('drops __proto__, constructor and prototype keys at every depth', () => {
    // Prepare
    const body = JSON.parse(
      '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": 1},' +
        ' "prototype": "x", "a": {"__proto__": {"polluted": "yes"},' +
        ' "b": [{"constructor": "c", "d": "e"}]}}',
    );

    // Act
    const result = cleanInput(body) as Record<string, unknown>;

    // Assess
    expect(result).toEqual({ a: { b: [{ d: 'e' }] } });
    expect(Object.keys(result)).toEqual(['a']);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.polluted).toBeUndefined();
  });

  it('drops values nested deeper than any real body, without throwing', () => {
    // Prepare
    const depth = 100_000;
    const body = JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

    // Act
    const result = cleanInput(body);

    // Assess
    let level = result as Record<string, unknown>;
    let levels = 0;
    while (typeof level.a === 'object') {
      level = level.a as Record<string, unknown>;
      levels += 1;
    }
    expect(levels).toBeLessThan(40);
    expect(level.a).toBeUndefined();
  });

  it('keeps a body nested ten levels deep whole', () => {
    // Prepare
    const body = JSON.parse(`${'{"a":'.repeat(10)}"x"${'}'.repeat(10)}`);

    // Act
    const result = cleanInput(body);

    // Assess
    expect(result).toEqual(body);
  });

  it('returns undefined, rather than throwing, for a hostile object', () => {
    // Prepare
    const body = {
      get phone(): string {
        throw new Error('boom');
      },
    };

    // Act
    const result = cleanInput(body);

    // Assess
    expect(result).toBeUndefined();
  });

  it('drops functions, symbols and bigints', () => {
    // Prepare
    const body = { f: () => 1, s: Symbol('s'), n: 1n, k: 'kept' };

    // Act
    const result = cleanInput(body);

    // Assess
    expect(result).toEqual({ k: 'kept' });
  });

  it('does not change the object it is given', () => {
    // Prepare
    const body = { a: ' x ', b: 'null', c: { d: '' } };
    const copy = structuredClone(body);

    // Act
    cleanInput(body);

    // Assess
    expect(body).toEqual(copy);
  });

  it('never throws and never returns an own prototype key, for any JSON', () => {
    // Prepare
    const hostileKey = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'a',
    );
    const json = fc
      .jsonValue()
      .chain((value) =>
        fc
          .dictionary(hostileKey, fc.jsonValue())
          .map((extra) => JSON.parse(JSON.stringify({ value, ...extra }))),
      );

    // Act and Assess
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), json), (value) => {
        const result = cleanInput(value);

        expect(hasUnsafeOwnKey(result)).toBe(false);
        expect(hasNotGivenString(result)).toBe(false);
      }),
    );
  });

  it('cleans JSON text parsed with its own __proto__ keys', () => {
    // Prepare
    const text = fc
      .array(
        fc.tuple(
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'x', 'y'),
          // A nested object is written as raw JSON text; any other value
          // is a string, quoted, even one that happens to look like JSON.
          fc.oneof(
            fc.string().map((value) => JSON.stringify(value)),
            fc.constant('{"__proto__":{"p":1}}'),
          ),
        ),
      )
      .map(
        (pairs) =>
          `{${pairs
            .map(([key, json]) => `${JSON.stringify(key)}:${json}`)
            .join(',')}}`,
      );

    // Act and Assess
    fc.assert(
      fc.property(text, (body) => {
        const result = cleanInput(JSON.parse(body));

        expect(hasUnsafeOwnKey(result)).toBe(false);
      }),
    );
  });
});

function hasUnsafeOwnKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }

  const unsafe = ['__proto__', 'constructor', 'prototype'].some((key) =>
    Object.hasOwn(value, key),
  );

  return unsafe || Object.values(value).some(hasUnsafeOwnKey);
}

function hasNotGivenString(value: unknown): boolean {
  if (typeof value === 'string') {
    return isNotGiven(value) || value !== value.trim();
  }

  if (typeof value !== 'object' || value === null) {
    return false;
  }

  return Object.values(value).some(hasNotGivenString);
}

describe('coerceBoolean', () => {
  it.each([
    true,
    'true',
    'True',
    'TRUE',
    ' true ',
    'yes',
    'Yes',
    'YES',
    '1',
    1,
  ])('returns true for %j', (value) => {
    // Act and Assess
    expect(coerceBoolean(value)).toBe(true);
  });

  it.each([false, 'false', 'False', 'FALSE', 'no', 'No', '0', 0])(
    'returns false for %j',
    (value) => {
      // Act and Assess
      expect(coerceBoolean(value)).toBe(false);
    },
  );

  it.each([
    undefined,
    null,
    '',
    'null',
    'None',
    '{{has_appointments}}',
    'maybe',
    'truthy',
    '2',
    2,
    -1,
    Number.NaN,
    {},
    [],
  ])('returns undefined for %j', (value) => {
    // Act and Assess
    expect(coerceBoolean(value)).toBeUndefined();
  });
});
