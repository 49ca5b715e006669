import {
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from '../../emulator/emulator';
import { MAIN, send } from './helpers';

describe('ClientTether emulator envelopes', () => {
  const running: RunningEmulator[] = [];

  const start = async (options: EmulatorOptions) => {
    const emulator = await startEmulator(options);
    running.push(emulator);

    return emulator;
  };

  const codeKeys = (body: Record<string, unknown>) => ({
    key: 'ResultCode' in body ? 'ResultCode' : 'resultCode',
    code: body.ResultCode ?? body.resultCode,
  });

  const readMissing = (emulator: RunningEmulator) =>
    send(emulator, 'read_client_exist', { query: { phone: '3125550199' } });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((emulator) => emulator.close()));
  });

  describe('spelling', () => {
    it('answers ResultCode with CT_200 when spelling is pascal', async () => {
      // Prepare
      const emulator = await start({ spelling: 'pascal' });
      const client = emulator.seed(MAIN.webKey, {
        firstName: 'Pat',
        lastName: 'Demo',
      });

      // Act
      const first = await send(
        emulator,
        `read_client_by_id/${client.client_id}`,
      );
      const second = await send(
        emulator,
        `read_client_by_id/${client.client_id}`,
      );

      // Assess
      expect(first.body).toEqual({
        ResultCode: 'CT_200',
        Message: 'Success',
        TotalRecord: 1,
        data: [
          { client_id: client.client_id, firstName: 'Pat', lastName: 'Demo' },
        ],
      });
      expect(codeKeys(second.body)).toEqual({
        key: 'ResultCode',
        code: 'CT_200',
      });
    });

    it('answers resultCode with CT200 when spelling is camel', async () => {
      // Prepare
      const emulator = await start({ spelling: 'camel' });

      // Act
      const first = await send(emulator, 'read_client_by_id/1');
      const second = await send(emulator, 'read_client_by_id/1');

      // Assess
      expect(codeKeys(first.body)).toEqual({
        key: 'resultCode',
        code: 'CT515',
      });
      expect(codeKeys(second.body)).toEqual({
        key: 'resultCode',
        code: 'CT515',
      });
    });

    it('rotates through every key and code spelling when mixed', async () => {
      // Prepare
      const emulator = await start({});

      // Act
      const answers = [];
      for (let i = 0; i < 5; i += 1) {
        answers.push(await send(emulator, 'read_client_by_id/1'));
      }

      // Assess
      expect(answers.map((answer) => codeKeys(answer.body))).toEqual([
        { key: 'ResultCode', code: 'CT_515' },
        { key: 'resultCode', code: 'CT515' },
        { key: 'ResultCode', code: 'CT515' },
        { key: 'resultCode', code: 'CT_515' },
        { key: 'ResultCode', code: 'CT_515' },
      ]);
    });

    it('starts the mixed rotation again after reset', async () => {
      // Prepare
      const emulator = await start({ spelling: 'mixed' });
      await send(emulator, 'read_client_by_id/1');

      // Act
      emulator.reset();
      const answer = await send(emulator, 'read_client_by_id/1');

      // Assess
      expect(codeKeys(answer.body)).toEqual({
        key: 'ResultCode',
        code: 'CT_515',
      });
    });
  });

  describe('read_client_exist without a match', () => {
    it('answers CT515 when notFoundStyle is ct515', async () => {
      // Prepare
      const emulator = await start({
        spelling: 'camel',
        notFoundStyle: 'ct515',
      });

      // Act
      const first = await readMissing(emulator);
      const second = await readMissing(emulator);

      // Assess
      expect(first.body).toEqual({
        resultCode: 'CT515',
        Message: 'No record found',
        TotalRecord: 0,
        data: [],
      });
      expect(second.body).toEqual(first.body);
    });

    it('answers CT200 with no records when notFoundStyle is empty', async () => {
      // Prepare
      const emulator = await start({
        spelling: 'camel',
        notFoundStyle: 'empty',
      });

      // Act
      const first = await readMissing(emulator);
      const second = await readMissing(emulator);

      // Assess
      expect(first.body).toEqual({
        resultCode: 'CT200',
        Message: 'Success',
        TotalRecord: 0,
        data: [],
      });
      expect(second.body).toEqual(first.body);
    });

    it('cycles through all four not-found forms by default', async () => {
      // Prepare
      const emulator = await start({ spelling: 'camel' });

      // Act
      const bodies = [];
      for (let i = 0; i < 5; i += 1) {
        bodies.push((await readMissing(emulator)).body);
      }

      // Assess
      expect(bodies).toEqual([
        {
          resultCode: 'CT515',
          Message: 'No record found',
          TotalRecord: 0,
          data: [],
        },
        { resultCode: 'CT200', Message: 'Success', TotalRecord: 0, data: [] },
        { resultCode: 'CT200', Message: 'Success', TotalRecord: 0 },
        {
          resultCode: 'CT200',
          Message: 'Success',
          TotalRecord: 1,
          data: [{ client_id: false }],
        },
        {
          resultCode: 'CT515',
          Message: 'No record found',
          TotalRecord: 0,
          data: [],
        },
      ]);
    });
  });
});
