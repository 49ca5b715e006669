import {
  classifyEnvelope,
  envelopeSchema,
  normaliseResultCode,
} from '../../../lambda/shared/clienttether/envelope';
import {
  ClientInUseError,
  ClientTetherRejectedError,
  ClientTetherUnavailableError,
  DuplicateClientError,
} from '../../../lambda/shared/clienttether/errors';

describe('normaliseResultCode', () => {
  it.each([
    ['CT_200', 'CT200'],
    ['CT200', 'CT200'],
    ['ct200', 'CT200'],
    ['ct_515', 'CT515'],
    [' CT_520 ', 'CT520'],
    [200, 'CT200'],
  ])('returns %p as %p', (sent, expected) => {
    // Act
    const code = normaliseResultCode(sent);

    // Assess
    expect(code).toBe(expected);
  });
});

describe('envelopeSchema', () => {
  it('reads the PascalCase spelling with data as an array', () => {
    // Prepare
    const body = {
      ResultCode: 'CT_200',
      Message: 'Success',
      TotalRecord: 1,
      data: [{ client_id: '42', external_id: 'ext-1' }],
    };

    // Act
    const envelope = envelopeSchema.parse(body);

    // Assess
    expect(envelope).toEqual({
      resultCode: 'CT200',
      message: 'Success',
      totalRecord: 1,
      records: [
        {
          clientId: '42',
          externalId: 'ext-1',
          fields: { client_id: '42', external_id: 'ext-1' },
        },
      ],
      topLevelClientId: null,
    });
  });

  it('reads the camelCase spelling with a single record and string count', () => {
    // Prepare
    const body = {
      resultCode: 'CT200',
      message: 'Success',
      totalRecord: '1',
      data: { client_id: 42, firstName: 'Ada' },
    };

    // Act
    const envelope = envelopeSchema.parse(body);

    // Assess
    expect(envelope.resultCode).toBe('CT200');
    expect(envelope.message).toBe('Success');
    expect(envelope.totalRecord).toBe(1);
    expect(envelope.records).toEqual([
      {
        clientId: '42',
        externalId: null,
        fields: { client_id: '42', firstName: 'Ada' },
      },
    ]);
  });

  it.each([
    ['missing', {}],
    ['null', { data: null }],
    ['an empty string', { data: '' }],
    ['false', { data: false }],
    ['an empty array', { data: [] }],
  ])('returns no records when data is %s', (_label, extra) => {
    // Act
    const envelope = envelopeSchema.parse({ ResultCode: 'CT200', ...extra });

    // Assess
    expect(envelope.records).toEqual([]);
  });

  it('reads a client_id sent beside data', () => {
    // Act
    const envelope = envelopeSchema.parse({
      ResultCode: 'CT200',
      client_id: 7,
    });

    // Assess
    expect(envelope.topLevelClientId).toBe('7');
  });

  it.each([
    ['no result code', { Message: 'Success', data: [] }],
    ['data that is a number', { ResultCode: 'CT200', data: 5 }],
    ['records that are strings', { ResultCode: 'CT200', data: ['42'] }],
    ['a body that is an array', [{ ResultCode: 'CT200' }]],
  ])('rejects %s', (_label, body) => {
    // Act
    const result = envelopeSchema.safeParse(body);

    // Assess
    expect(result.success).toBe(false);
  });
});

describe('classifyEnvelope', () => {
  it('returns success with the records of a CT200 read', () => {
    // Act
    const outcome = classifyEnvelope('read_client_exist', {
      ResultCode: 'CT_200',
      TotalRecord: 2,
      data: [{ client_id: '1' }, { client_id: 2 }],
    });

    // Assess
    expect(outcome.kind).toBe('success');
    const ids =
      outcome.kind === 'success'
        ? outcome.envelope.records.map((record) => record.clientId)
        : [];
    expect(ids).toEqual(['1', '2']);
  });

  it.each([
    ['CT515', { ResultCode: 'CT515', Message: 'No record found' }],
    ['ct_515', { resultCode: 'ct_515' }],
    ['TotalRecord 0', { ResultCode: 'CT200', TotalRecord: 0, data: [] }],
    ['TotalRecord "0"', { ResultCode: 'CT200', TotalRecord: '0' }],
    ['empty data', { ResultCode: 'CT200', data: [] }],
    ['missing data', { ResultCode: 'CT200' }],
    ['client_id false', { ResultCode: 'CT200', data: [{ client_id: false }] }],
    [
      'a single client_id false',
      { ResultCode: 'CT200', data: { client_id: false } },
    ],
  ])('returns not found for a read answered with %s', (_label, body) => {
    // Act
    const outcome = classifyEnvelope('read_client_exist', body);

    // Assess
    expect(outcome.kind).toBe('not_found');
  });

  it('returns success for a write answered CT200 without data', () => {
    // Act
    const outcome = classifyEnvelope('update_client_by_id', {
      ResultCode: 'CT200',
      TotalRecord: 0,
    });

    // Assess
    expect(outcome.kind).toBe('success');
  });

  it('returns not found for a write answered CT515', () => {
    // Act
    const outcome = classifyEnvelope('delete_client_by_id', {
      ResultCode: 'CT_515',
    });

    // Assess
    expect(outcome).toEqual({ kind: 'not_found', resultCode: 'CT515' });
  });

  it.each([
    ['CT512', ClientInUseError],
    ['CT_520', DuplicateClientError],
    ['CT500', ClientTetherUnavailableError],
    ['CT400', ClientTetherRejectedError],
    ['CT404', ClientTetherRejectedError],
    ['CT501', ClientTetherRejectedError],
    ['CT525', ClientTetherRejectedError],
    ['CT999', ClientTetherRejectedError],
  ])('returns the typed error for %s', (code, expected) => {
    // Act
    const outcome = classifyEnvelope('create_client', { ResultCode: code });

    // Assess
    expect(outcome.kind).toBe('error');
    const error = outcome.kind === 'error' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(expected);
    expect(error?.call).toBe('create_client');
    expect(error?.resultCode).toBe(code.replace('_', ''));
  });

  it('returns unavailable for a body that is no envelope', () => {
    // Act
    const outcome = classifyEnvelope('read_client_by_id', '<html></html>');

    // Assess
    expect(outcome.kind).toBe('error');
    const error = outcome.kind === 'error' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(ClientTetherUnavailableError);
  });
});
