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

  /** A deadline `reserveMs` earlier, keeping time back for a fallback. */
  public shortenedBy(reserveMs: number, now: number = Date.now()): Deadline {
    return new Deadline(Math.max(0, this.remainingMs(now) - reserveMs), now);
  }

  /** Whether the budget is spent. */
  public expired(now: number = Date.now()): boolean {
    return this.remainingMs(now) === 0;
  }
}
