import { MAX_EXAMPLES } from './stats';

/** One error-level line the handlers logged, reduced to what explains it. */
export interface LoggedError {
  message: string;
  errorCode?: string;
  /** Name and message of the logged error, never its stack. */
  error?: string;
}

/** What the handlers logged during a run. */
export interface LogFigures {
  /** JSON log lines by level (INFO, WARN, ERROR, …). */
  byLevel: Record<string, number>;
  /** Other output lines. */
  otherLines: number;
  /** The first other lines, shortened. */
  other: string[];
  errors: LoggedError[];
}

type Write = typeof process.stdout.write;

/** Longest text kept of one line. */
const MAX_TEXT = 200;

/**
 * Keeps the handlers' JSON logs off the terminal while a soak runs and
 * counts them by level, so the soak's own table stays readable.
 */
export class LogTap {
  private readonly figures: LogFigures = {
    byLevel: {},
    otherLines: 0,
    other: [],
    errors: [],
  };

  private partial = '';

  private originals: { out: Write; err: Write } | undefined;

  /** Starts capturing stdout and stderr. */
  public start(): void {
    if (this.originals) {
      return;
    }
    this.originals = {
      out: process.stdout.write,
      err: process.stderr.write,
    };

    const capture = ((chunk: unknown, ...rest: unknown[]) => {
      this.take(typeof chunk === 'string' ? chunk : String(chunk));
      const done = rest.find((arg) => typeof arg === 'function');
      if (typeof done === 'function') {
        done();
      }

      return true;
    }) as Write;
    process.stdout.write = capture;
    process.stderr.write = capture;
  }

  /** Writes to the real stderr while capturing. */
  public print(text: string): void {
    const write = this.originals?.err ?? process.stderr.write;
    write.call(process.stderr, text);
  }

  /** Stops capturing and returns the counts. */
  public stop(): LogFigures {
    if (this.originals) {
      process.stdout.write = this.originals.out;
      process.stderr.write = this.originals.err;
      this.originals = undefined;
    }
    if (this.partial !== '') {
      this.line(this.partial);
      this.partial = '';
    }

    return this.figures;
  }

  private take(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line.trim() === '') {
      return;
    }

    const entry = parseJson(line);
    if (!entry || typeof entry.level !== 'string') {
      this.figures.otherLines += 1;
      if (this.figures.other.length < MAX_EXAMPLES) {
        this.figures.other.push(line.slice(0, MAX_TEXT));
      }
      return;
    }

    const { byLevel, errors } = this.figures;
    byLevel[entry.level] = (byLevel[entry.level] ?? 0) + 1;
    if (entry.level === 'ERROR' && errors.length < MAX_EXAMPLES) {
      errors.push({
        message: String(entry.message),
        ...(typeof entry.errorCode === 'string'
          ? { errorCode: entry.errorCode }
          : {}),
        ...describeError(entry.error),
      });
    }
  }
}

function describeError(error: unknown): { error?: string } {
  if (typeof error !== 'object' || error === null) {
    return {};
  }
  const { name, message } = error as Record<string, unknown>;

  return { error: `${String(name)}: ${String(message)}`.slice(0, MAX_TEXT) };
}

function parseJson(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(line);

    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
