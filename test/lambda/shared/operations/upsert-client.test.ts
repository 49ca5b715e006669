import {
  ClientTetherUnavailableError,
  DuplicateClientError,
} from '../../../../lambda/shared/clienttether/errors';
import type {
  ClientMatch,
  ClientTetherApi,
} from '../../../../lambda/shared/clienttether/types';
import { Deadline } from '../../../../lambda/shared/deadline';
import { prepareBooking } from '../../../../lambda/shared/operations/booking';
import { upsertClient } from '../../../../lambda/shared/operations/upsert-client';
import { LogCapture } from '../../../helpers/log-capture';

/** A ClientTether double whose lookups answer from a script. */
function fakeApi(script: {
  phone?: Array<ClientMatch[] | Error>;
  create?: Error;
}): ClientTetherApi & { writes: string[] } {
  const writes: string[] = [];
  const phoneAnswers = [...(script.phone ?? [])];

  return {
    writes,
    findByPhone: async () => {
      const next = phoneAnswers.shift() ?? [];
      if (next instanceof Error) {
        throw next;
      }
      return next;
    },
    findByEmail: async () => [],
    readById: async () => ({}),
    create: async () => {
      writes.push('create');
      if (script.create) {
        throw script.create;
      }
      return { clientId: '1', resultCode: 'CT200' };
    },
    update: async (clientId) => {
      writes.push(`update ${clientId}`);
      return { resultCode: 'CT200' };
    },
    deleteById: async () => ({ resultCode: 'CT200' }),
    deleteByExternalId: async () => ({ resultCode: 'CT200', clientId: null }),
  };
}

const { booking } = prepareBooking({
  customer_first_name: 'Robin',
  customer_last_name: 'Painter',
  customer_phone: '3125550142',
});
const options = { deadline: new Deadline(1000) };

describe('upsertClient', () => {
  const logs = new LogCapture();

  beforeEach(() => logs.start());
  afterEach(() => logs.stop());

  it('updates the client a duplicate create reveals', async () => {
    // Prepare
    const api = fakeApi({
      phone: [[], [{ clientId: '77', externalId: null }]],
      create: new DuplicateClientError('create_client'),
    });

    // Act
    const outcome = await upsertClient(api, booking, options);

    // Assess
    expect(outcome).toMatchObject({ operation: 'update', clientId: '77' });
    expect(api.writes).toEqual(['create', 'update 77']);
  });

  it('throws the duplicate error when the second lookup still finds nobody', async () => {
    // Prepare
    const api = fakeApi({
      phone: [[], []],
      create: new DuplicateClientError('create_client'),
    });

    // Act
    const upsert = upsertClient(api, booking, options);

    // Assess
    await expect(upsert).rejects.toBeInstanceOf(DuplicateClientError);
  });

  it('never creates when the lookup failed', async () => {
    // Prepare
    const api = fakeApi({
      phone: [new ClientTetherUnavailableError('read_client_exist', 'down')],
    });

    // Act
    const upsert = upsertClient(api, booking, options);

    // Assess
    await expect(upsert).rejects.toBeInstanceOf(ClientTetherUnavailableError);
    expect(api.writes).toEqual([]);
  });
});
