/**
 * Captures everything written to stdout and stderr while a test runs, so a
 * test can assert on log lines (and on what they must never contain).
 */
export class LogCapture {
  private chunks: string[] = [];

  private restore: (() => void) | undefined;

  /** Starts capturing; output is kept from the terminal. */
  public start(): void {
    const out = jest.spyOn(process.stdout, 'write');
    const err = jest.spyOn(process.stderr, 'write');
    const keep = (chunk: unknown): boolean => {
      this.chunks.push(String(chunk));
      return true;
    };
    out.mockImplementation(keep);
    err.mockImplementation(keep);
    this.restore = () => {
      out.mockRestore();
      err.mockRestore();
    };
  }

  /** Stops capturing. */
  public stop(): void {
    this.restore?.();
    this.restore = undefined;
  }

  /** All captured text. */
  public text(): string {
    return this.chunks.join('');
  }

  /** Captured JSON log lines, parsed. */
  public lines(): Record<string, unknown>[] {
    return this.text()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Forgets what was captured so far. */
  public clear(): void {
    this.chunks = [];
  }
}
