import { performance } from 'node:perf_hooks';
import { checkAnswer, type Endpoint } from './contract';
import type { SoakStats } from './stats';

/** What one request finally got, after any 429 retries. */
export type SoakAnswer =
  | { status: number; body?: Record<string, unknown> }
  | { status: 0; error: string };

/** Longest wait for one answer before it counts as lost. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Longest Retry-After honoured, so a bad header cannot stall the run. */
const MAX_RETRY_AFTER_MS = 5000;

/**
 * Sends requests to the local API over keep-alive HTTP (Node's fetch
 * pools connections), checks every answer against the contract, and
 * retries a 429 after its Retry-After, as a Bland node with retries on
 * would.
 */
export class SoakClient {
  public constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly stats: SoakStats,
    private readonly retries429: number,
  ) {}

  /** Posts one body; every attempt is counted and timed. */
  public async send(
    endpoint: Endpoint,
    body: Record<string, unknown>,
  ): Promise<SoakAnswer> {
    for (let attempt = 0; ; attempt += 1) {
      const answer = await this.attempt(endpoint, body);
      if (answer.status !== 429 || attempt >= this.retries429) {
        return answer.answer;
      }

      this.stats.retried429 += 1;
      await sleep(answer.retryAfterMs);
    }
  }

  private async attempt(endpoint: Endpoint, body: Record<string, unknown>) {
    const started = performance.now();
    const flight = this.stats.started();
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}/${endpoint}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': this.apiKey,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      this.stats.failed(endpoint);
      const answer: SoakAnswer = { status: 0, error: errorName(error) };

      return { status: 0, answer, retryAfterMs: 0 };
    } finally {
      flight.done();
    }

    const status = response.status;
    this.stats.answered(endpoint, status, performance.now() - started);

    const checked = checkAnswer(endpoint, status, text);
    if (!checked.ok) {
      this.stats.brokeContract({ endpoint, status, problem: checked.problem });
    } else if (status >= 400) {
      this.stats.failedWith(endpoint, status, checked.body.error);
    }

    const answer: SoakAnswer = checked.ok
      ? { status, body: checked.body }
      : { status };

    return {
      status,
      answer,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    };
  }
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  if (header === null || !Number.isFinite(seconds) || seconds < 0) {
    return 1000;
  }

  return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
}

function errorName(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string } }).cause;

    return cause?.code ?? error.name;
  }

  return 'UnknownError';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
