import { checkAnswer } from '../../scripts/soak/contract';
import {
  DEFAULT_SOAK_OPTIONS,
  parseSoakArgs,
} from '../../scripts/soak/options';
import { summarise } from '../../scripts/soak/stats';

describe('parseSoakArgs', () => {
  it('returns the defaults without flags', () => {
    // Act
    const options = parseSoakArgs([]);

    // Assess
    expect(options).toEqual(DEFAULT_SOAK_OPTIONS);
    expect(options).toMatchObject({ requests: 5000, concurrency: 50 });
  });

  it('reads flags in both spellings, over the environment', () => {
    // Act
    const options = parseSoakArgs(
      ['--requests', '300', '--fault-rate=0.1', '--out', 'x.json'],
      { SOAK_REQUESTS: '10', SOAK_SEED: '7' },
    );

    // Assess
    expect(options).toMatchObject({
      requests: 300,
      faultRate: 0.1,
      seed: 7,
      out: 'x.json',
    });
  });

  it.each([
    [['--requests', '0']],
    [['--concurrency', '2.5']],
    [['--fault-rate', '2']],
    [['--latency-ms']],
    [['--unknown', '1']],
  ])('throws on %j', (argv) => {
    // Act and Assess
    expect(() => parseSoakArgs(argv)).toThrow();
  });
});

describe('summarise', () => {
  it('returns nearest-rank percentiles', () => {
    // Prepare
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);

    // Act
    const summary = summarise(values);

    // Assess
    expect(summary).toEqual({
      count: 100,
      p50: 50,
      p95: 95,
      p99: 99,
      max: 100,
    });
  });

  it('returns zeros for no values', () => {
    // Act and Assess
    expect(summarise([])).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });
});

describe('checkAnswer', () => {
  it('calls an answer that is not JSON malformed', () => {
    // Act
    const checked = checkAnswer('check-client', 200, '<html></html>');

    // Assess
    expect(checked).toEqual({ ok: false, problem: 'not JSON' });
  });

  it('calls an error answer with a stack malformed', () => {
    // Prepare
    const body = JSON.stringify({
      success: false,
      message: 'Something went wrong on our side.',
      request_id: 'r-1',
      error: 'internal_error',
      stack: 'Error: at x',
    });

    // Act
    const checked = checkAnswer('delete-client', 500, body);

    // Assess
    expect(checked.ok).toBe(false);
  });

  it('accepts a queued booking under the 202 schema only', () => {
    // Prepare
    const body = JSON.stringify({
      success: true,
      message: 'The booking is recorded.',
      request_id: 'r-2',
      operation: 'queued',
      client_id: null,
      external_id: null,
      matched_by: null,
      customer_name: 'Avery Soakley',
      customer_phone: '3122010001',
      customer_email: null,
      appointment_date: '2031-02-03',
      appointment_time: '09:30',
      timetap_appointment_id: 'soak-1-1',
      result_code: null,
      warnings: [],
    });

    // Act
    const queued = checkAnswer('create-update-client', 202, body);
    const asSaved = checkAnswer('create-update-client', 200, body);

    // Assess
    expect(queued.ok).toBe(true);
    expect(asSaved.ok).toBe(false);
  });
});
