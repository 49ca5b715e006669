import { ALLOWED_STATUSES, ENDPOINTS } from '../../scripts/soak/contract';
import type { SoakReport } from '../../scripts/soak/report';
import { runSoak } from '../../scripts/soak/run';

// A small soak: the same run as `npm run soak`, a tenth of the size and
// with a time limit of its own, so a slow machine ends the load early
// rather than the test timing out.
const SMALL_SOAK = {
  requests: 300,
  concurrency: 50,
  faultRate: 0.05,
  latencyMs: 20,
  seed: 6,
  maxSeconds: 30,
  drainSeconds: 15,
};

describe('a small soak of the local API with faults on', () => {
  let report: SoakReport;

  beforeAll(async () => {
    report = await runSoak(SMALL_SOAK);
  }, 60_000);

  it('sends the requests at the asked concurrency, over every endpoint', () => {
    // Assess
    expect(report.requests.peakInFlight).toBeGreaterThanOrEqual(50);
    expect(report.requests.sent).toBeGreaterThan(0);
    expect(report.requests.sent).toBeLessThanOrEqual(SMALL_SOAK.requests);
    for (const endpoint of ENDPOINTS) {
      expect(report.latencyMs[endpoint].count).toBeGreaterThan(0);
    }
  });

  it('injects faults into ClientTether calls', () => {
    // Assess
    const injected = Object.values(report.upstream.injected);
    expect(injected.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    expect(report.upstream.faultRate).toBeGreaterThan(0.01);
  });

  it('answers every request with a well-formed answer', () => {
    // Assess
    expect(report.malformed).toEqual({ count: 0, examples: [] });
    expect(report.requests.transportErrors).toBe(0);
  });

  it('answers only with statuses of the allowed set', () => {
    // Assess
    const statuses = ENDPOINTS.flatMap((endpoint) =>
      Object.keys(report.requests.byEndpoint[endpoint]).map(Number),
    );
    expect(statuses.filter((s) => !ALLOWED_STATUSES.includes(s))).toEqual([]);
  });

  it('creates no duplicate client, before or after the queue drains', () => {
    // Assess
    expect(report.duplicates.afterRun.count).toBe(0);
    expect(report.duplicates.afterDrain.count).toBe(0);
  });

  it('loses no booking answered 200 or 202', () => {
    // Assess
    expect(report.syncQueue.drained).toBe(true);
    expect(report.lost.checked).toBeGreaterThan(0);
    expect(report.lost).toMatchObject({ count: 0, examples: [] });
  });

  it('gives no answer that contradicts what the soak knows', () => {
    // Assess
    expect(report.wrongAnswers).toEqual({ count: 0, examples: [] });
  });

  it('passes as a whole, so `npm run soak` would exit 0', () => {
    // Assess
    expect(report.failures).toEqual([]);
    expect(report.passed).toBe(true);
  });
});
