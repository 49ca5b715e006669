import {
  ApiKeyTable,
  DEFAULT_API_KEY,
  parseLocationKeys,
} from '../../local/api-keys';

describe('ApiKeyTable', () => {
  it('gives the operator and each location key a stable id', () => {
    // Act
    const table = new ApiKeyTable(DEFAULT_API_KEY, {
      'key-a': 'north',
      'key-b': 'north',
      'key-c': 'south',
    });

    // Assess
    expect(table.find(DEFAULT_API_KEY)?.id).toBe('local-operator');
    expect(table.locationsByKeyId()).toEqual({
      'local-key-north': 'north',
      'local-key-north-2': 'north',
      'local-key-south': 'south',
    });
    expect(table.find('unknown')).toBeUndefined();
    expect(table.find(undefined)).toBeUndefined();
  });

  it('throws when the operator key is also a location key', () => {
    expect(() => new ApiKeyTable('same', { same: 'north' })).toThrow(
      'Each API key may be listed only once',
    );
  });
});

describe('parseLocationKeys', () => {
  it('reads a JSON object of key to location', () => {
    expect(parseLocationKeys('{"k1":"north"}')).toEqual({ k1: 'north' });
    expect(parseLocationKeys(undefined)).toEqual({});
  });

  it.each(['not json', '["k1"]', '{"k1":""}', '{"k1":3}'])(
    'throws for %p without echoing it',
    (value) => {
      // Act
      let message = '';
      try {
        parseLocationKeys(value);
      } catch (error) {
        message = (error as Error).message;
      }

      // Assess
      expect(message).toMatch(/^API_KEYS /);
      expect(message).not.toContain(value);
    },
  );
});
