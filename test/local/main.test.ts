import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  checkClientFoundSchema,
  checkClientNotFoundSchema,
  createUpdateClientResponseSchema,
  deleteClientResponseSchema,
  errorResponseSchema,
} from '../../lambda/shared/api/responses';
import { parseCurl } from './curl';

const ROOT = path.join(__dirname, '..', '..');

/** The answers the printed examples give when run in printed order. */
const EXPECTED_SCHEMAS = [
  checkClientFoundSchema,
  checkClientNotFoundSchema,
  createUpdateClientResponseSchema,
  deleteClientResponseSchema,
  checkClientFoundSchema,
];

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `npm start`'s entry point and waits until it says it is ready. */
async function startMain(env: Record<string, string>): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join('local', 'main.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
  });

  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (text.includes('Ready. Stop with Ctrl-C.')) {
        clearInterval(poll);
        resolve();
      }
    }, 50);
    exited.then((code) => {
      clearInterval(poll);
      reject(
        new Error(`main exited with ${code} before it was ready:\n${text}`),
      );
    });
  });

  return { child, output: () => text, exited };
}

function printedCurls(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('curl '));
}

async function run(line: string) {
  const request = parseCurl(line);
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });

  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('npm start (local/main.ts)', () => {
  let main: Started | undefined;

  afterEach(async () => {
    if (main && main.child.exitCode === null) {
      main.child.kill('SIGKILL');
      await main.exited;
    }
    main = undefined;
  });

  it('prints curl commands that work as printed, then stops cleanly on SIGINT', async () => {
    // Prepare
    main = await startMain({
      PORT: '0',
      EMULATOR_PORT: '0',
      API_KEY: 'printed-key',
      API_KEYS: '',
      CLIENTTETHER_BASE_URL: '',
      LOG_FORMAT: 'json',
    });
    const banner = main.output();
    const [faultCommand, clearCommand, ...apiCommands] = printedCurls(banner);

    // Act
    const answers = [];
    for (const line of apiCommands) {
      answers.push(await run(line));
    }
    await run(faultCommand ?? '');
    const faulted = await run(apiCommands[0] ?? '');
    await run(clearCommand ?? '');
    main.child.kill('SIGINT');
    const exitCode = await main.exited;

    // Assess
    expect(banner).toMatch(/listening on http:\/\/localhost:\d+/);
    expect(banner).toContain('API key (x-api-key header): printed-key');
    expect(banner).toContain('Pat Demo');
    expect(banner).toContain('Jordan Placeholder');
    expect(apiCommands).toHaveLength(EXPECTED_SCHEMAS.length);
    for (const line of apiCommands) {
      expect(line).toContain("-H 'x-api-key: printed-key'");
    }
    answers.forEach((answer, index) => {
      expect(answer.status).toBe(200);
      expect(EXPECTED_SCHEMAS[index]?.safeParse(answer.body).success).toBe(
        true,
      );
    });
    expect(faulted.status).toBe(502);
    expect(errorResponseSchema.parse(faulted.body).error).toBe(
      'upstream_error',
    );
    expect(exitCode).toBe(0);
    expect(main.output()).toContain('SIGINT received, stopping');
  });

  it('writes the handler logs as one JSON object a line', async () => {
    // Prepare
    main = await startMain({
      PORT: '0',
      API_KEY: '',
      CLIENTTETHER_BASE_URL: '',
      LOG_FORMAT: 'json',
    });
    const [, , firstExample] = printedCurls(main.output());

    // Act
    await run(firstExample ?? '');
    main.child.kill('SIGTERM');
    const exitCode = await main.exited;

    // Assess
    const logLines = main
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logLines).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'Request finished',
        service: 'clienttether-api',
        function_name: 'clienttether-api-local-check-client',
      }),
    );
    expect(logLines).toContainEqual(
      expect.objectContaining({ source: 'local-gateway', status: 200 }),
    );
    expect(exitCode).toBe(0);
  });

  it('refuses to start with an API_KEYS that is not JSON', async () => {
    // Act
    const failing = startMain({
      PORT: '0',
      API_KEYS: 'north=abc',
      CLIENTTETHER_BASE_URL: '',
    });

    // Assess
    await expect(failing).rejects.toThrow('API_KEYS is not valid JSON');
  });
});
