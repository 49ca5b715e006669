import { execFileSync } from 'node:child_process';
import {
  curlCommand,
  EXAMPLE_REQUESTS,
  shellQuote,
} from '../../local/examples';
import { parseCurl, shellWords } from './curl';

/** The words a POSIX shell makes of a command line. */
function wordsBySh(line: string): string[] {
  const output = execFileSync('sh', ['-c', `printf '%s\\n' ${line}`], {
    encoding: 'utf8',
  });

  return output.split('\n').slice(0, -1);
}

describe('curlCommand', () => {
  it('prints a command the shell splits into the intended words', () => {
    // Prepare
    const example = EXAMPLE_REQUESTS[0];
    if (!example) {
      throw new Error('no example');
    }
    const line = curlCommand('http://localhost:3000', "it's-a-key", example);

    // Act
    const words = wordsBySh(line);

    // Assess
    expect(words).toEqual(shellWords(line));
    expect(parseCurl(line)).toEqual({
      method: 'POST',
      url: 'http://localhost:3000/check-client',
      headers: {
        'x-api-key': "it's-a-key",
        'content-type': 'application/json',
      },
      body: JSON.stringify(example.body),
    });
  });

  it('names the method only when it is not POST', () => {
    // Act
    const line = curlCommand('http://h', 'k', {
      title: 'delete',
      method: 'DELETE',
      path: '/delete-client',
      body: { client_id: '1' },
    });

    // Assess
    expect(parseCurl(line).method).toBe('DELETE');
    expect(line).toContain('-X DELETE');
  });
});

describe('shellQuote', () => {
  it.each(['plain', "it's", "'", 'a b  c', '$HOME `x` "q"'])(
    'quotes %p so the shell gives it back unchanged',
    (word) => {
      expect(wordsBySh(shellQuote(word))).toEqual([word]);
    },
  );
});
