import { ClientStore, phoneDigits } from '../../emulator/store';

describe('phoneDigits', () => {
  it.each([
    ['3125550101', '3125550101'],
    ['(312) 555-0101', '3125550101'],
    ['+1 312 555 0101', '3125550101'],
    ['13125550101', '3125550101'],
    ['555-0101', '5550101'],
    ['', ''],
  ])('reduces %j to %j', (input, expected) => {
    // Act
    const digits = phoneDigits(input);

    // Assess
    expect(digits).toBe(expected);
  });
});

describe('ClientStore', () => {
  it('never matches a client without a phone to an empty phone', () => {
    // Prepare
    const store = new ClientStore(['key']);
    store.insert('key', { firstName: 'Pat', lastName: 'Demo' });

    // Act
    const matches = store.findByPhone('key', '');

    // Assess
    expect(matches).toEqual([]);
  });

  it('restarts ids after clear', () => {
    // Prepare
    const store = new ClientStore(['key']);
    const first = store.insert('key', { firstName: 'Pat' });

    // Act
    store.clear();
    const again = store.insert('key', { firstName: 'Pat' });

    // Assess
    expect(again.client_id).toBe(first.client_id);
  });
});
