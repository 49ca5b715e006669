/** A `curl` command line taken apart into what fetch needs. */
export interface ParsedCurl {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Splits a command line as a POSIX shell would, for the subset the
 * banner prints: bare words and single-quoted words (with `'\''`).
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const word = /\s*((?:\\.|'[^']*'|[^\s'\\]+)+)/gy;
  const piece = /\\(.)|'([^']*)'|([^\s'\\]+)/g;

  for (const match of line.trim().matchAll(word)) {
    const pieces = [...(match[1] ?? '').matchAll(piece)];
    words.push(pieces.map((p) => p[1] ?? p[2] ?? p[3] ?? '').join(''));
  }

  return words;
}

/** Reads the options the banner's curl commands use; throws on others. */
export function parseCurl(line: string): ParsedCurl {
  const [program, ...words] = shellWords(line);
  if (program !== 'curl') {
    throw new Error(`Not a curl command: ${line}`);
  }

  const parsed: ParsedCurl = { method: '', url: '', headers: {} };
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const next = () => {
      index += 1;
      return words[index] ?? '';
    };

    if (word === '-sS') {
      continue;
    }
    if (word === '-X') {
      parsed.method = next();
    } else if (word === '-H') {
      const [name = '', ...value] = next().split(':');
      parsed.headers[name.trim()] = value.join(':').trim();
    } else if (word === '-d') {
      parsed.body = next();
    } else if (word.startsWith('http')) {
      parsed.url = word;
    } else {
      throw new Error(`Unexpected curl option ${word}`);
    }
  }

  // curl sends POST when there is data and no -X, GET otherwise.
  parsed.method ||= parsed.body === undefined ? 'GET' : 'POST';

  return parsed;
}
