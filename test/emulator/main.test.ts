import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_ACCOUNTS } from '../../emulator/emulator';
import { MAIN, resultCode } from './helpers';

const ROOT = join(__dirname, '..', '..');

interface Started {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

// Resolves once the emulator has printed its base URL.
function startMain(): Promise<Started> {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['emulator/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0' },
  });
  let out = '';

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The emulator did not start:\n${out}`));
    }, 15_000);

    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);

      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, baseUrl: match[1], output: () => out });
      }
    });
    child.on('error', reject);
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve(child.exitCode);
      return;
    }

    child.on('exit', (code) => resolve(code));
  });
}

describe('npm run emulator', () => {
  it('prints its URL and credentials, serves demo clients and stops on SIGTERM', async () => {
    // Prepare
    const started = await startMain();

    // Act
    const response = await fetch(
      `${started.baseUrl}/read_client_exist?phone=3125550101`,
      {
        headers: {
          'X-Access-Token': MAIN.accessToken,
          'X-Web-Key': MAIN.webKey,
        },
      },
    );
    const body = (await response.json()) as Record<string, unknown>;
    started.child.kill('SIGTERM');
    const code = await exitCode(started.child);

    // Assess
    expect(started.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\/api$/);
    for (const account of DEFAULT_ACCOUNTS) {
      expect(started.output()).toContain(account.accessToken);
      expect(started.output()).toContain(account.webKey);
    }
    expect(resultCode(body)).toBe('CT200');
    expect(code).toBe(0);
  });

  it('stops on SIGINT', async () => {
    // Prepare
    const started = await startMain();

    // Act
    started.child.kill('SIGINT');
    const code = await exitCode(started.child);

    // Assess
    expect(code).toBe(0);
  });
});
