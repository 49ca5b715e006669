/**
 * A point in time by which an answer must be ready.
 *
 * A request's deadline is created once by the handler and handed down to
 * every upstream call, so retries and timeouts share one budget instead of
 * adding up.
 */
export class Deadline {
  public readonly at: number;

  public constructor(budgetMs: number, now: number = Date.now()) {
    this.at = now + budgetMs;
  }

  /** Milliseconds left, never negative. */
  public remainingMs(now: number = Date.now()): number {
    return Math.max(0, this.at - now);
  }

  /** Whether the budget is spent. */
  public expired(now: number = Date.now()): boolean {
    return this.remainingMs(now) === 0;
  }
}
