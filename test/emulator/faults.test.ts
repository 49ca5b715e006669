import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  type FaultSpec,
  type RunningEmulator,
  startEmulator,
} from '../../emulator/emulator';
import { MAIN, resultCode, send } from './helpers';

const ROOT = join(__dirname, '..', '..');

describe('ClientTether emulator faults', () => {
  let emulator: RunningEmulator;

  const readOne = () => send(emulator, 'read_client_by_id/1');

  const createOne = () =>
    send(emulator, 'create_client', {
      method: 'POST',
      query: { firstName: 'Pat', lastName: 'Demo' },
    });

  const timed = async <T>(act: () => Promise<T>) => {
    const started = performance.now();
    const result = await act();

    return { result, ms: performance.now() - started };
  };

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  beforeEach(() => {
    emulator.reset();
  });

  describe('each kind', () => {
    it('delays the answer by the latency fault', async () => {
      // Prepare
      emulator.injectFault({ kind: 'latency', ms: 150 });

      // Act
      const { result, ms } = await timed(readOne);

      // Assess
      expect(ms).toBeGreaterThanOrEqual(140);
      expect(resultCode(result.body)).toBe('CT515');
    });

    it('answers HTTP 500 with text for http_500', async () => {
      // Prepare
      emulator.injectFault({ kind: 'http_500' });

      // Act
      const answer = await readOne();

      // Assess
      expect(answer.status).toBe(500);
      expect(answer.contentType).toContain('text/plain');
      expect(answer.text).toBe('Internal Server Error');
    });

    it('answers HTTP 200 with an HTML page for html', async () => {
      // Prepare
      emulator.injectFault({ kind: 'html' });

      // Act
      const answer = await readOne();

      // Assess
      expect(answer.status).toBe(200);
      expect(answer.contentType).toContain('text/html');
      expect(answer.text).toContain('<html>');
    });

    it('answers HTTP 200 with JSON that does not parse for invalid_json', async () => {
      // Prepare
      emulator.injectFault({ kind: 'invalid_json' });

      // Act
      const answer = await readOne();

      // Assess
      expect(answer.status).toBe(200);
      expect(answer.contentType).toContain('application/json');
      expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
    });

    it('answers HTTP 200 with an empty body for empty_body', async () => {
      // Prepare
      emulator.injectFault({ kind: 'empty_body' });

      // Act
      const answer = await readOne();

      // Assess
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('');
    });

    it('drops the connection without an answer for reset', async () => {
      // Prepare
      emulator.injectFault({ kind: 'reset' });

      // Act
      const attempt = readOne();

      // Assess
      await expect(attempt).rejects.toThrow('fetch failed');
    });

    it('never answers for hang', async () => {
      // Prepare
      emulator.injectFault({ kind: 'hang' });

      // Act
      const attempt = fetch(`${emulator.baseUrl}/read_client_by_id/1`, {
        headers: {
          'X-Access-Token': MAIN.accessToken,
          'X-Web-Key': MAIN.webKey,
        },
        signal: AbortSignal.timeout(300),
      });

      // Assess
      await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' });
    });

    it('answers a CT500 envelope for ct500', async () => {
      // Prepare
      emulator.injectFault({ kind: 'ct500' });

      // Act
      const answer = await createOne();

      // Assess
      expect(answer.status).toBe(200);
      expect(resultCode(answer.body)).toBe('CT500');
      expect(emulator.clients(MAIN.webKey)).toEqual([]);
    });

    it('answers HTTP 401 to valid credentials for credentials_rejected', async () => {
      // Prepare
      emulator.injectFault({ kind: 'credentials_rejected' });

      // Act
      const answer = await readOne();

      // Assess
      expect(answer.status).toBe(401);
    });
  });

  describe('scoping', () => {
    it('affects only the next N matching requests when times is set', async () => {
      // Prepare
      emulator.injectFault({ kind: 'http_500', times: 2 });

      // Act
      const statuses = [];
      for (let i = 0; i < 3; i += 1) {
        statuses.push((await readOne()).status);
      }

      // Assess
      expect(statuses).toEqual([500, 500, 200]);
    });

    it('affects only the named calls and spares the others', async () => {
      // Prepare
      emulator.injectFault({
        kind: 'http_500',
        calls: ['create_client'],
        times: 1,
      });

      // Act
      const read = await readOne();
      const firstCreate = await createOne();
      const secondCreate = await createOne();

      // Assess
      expect(read.status).toBe(200);
      expect(firstCreate.status).toBe(500);
      expect(secondCreate.status).toBe(200);
    });

    it('keeps failing every request while times is unset', async () => {
      // Prepare
      emulator.injectFault({ kind: 'ct500' });

      // Act
      const codes = [];
      for (let i = 0; i < 3; i += 1) {
        codes.push(resultCode((await readOne()).body));
      }

      // Assess
      expect(codes).toEqual(['CT500', 'CT500', 'CT500']);
    });

    it('applies the first waiting failure and keeps the next for later', async () => {
      // Prepare
      emulator.injectFault({ kind: 'http_500', times: 1 });
      emulator.injectFault({ kind: 'html', times: 1 });

      // Act
      const first = await readOne();
      const second = await readOne();
      const third = await readOne();

      // Assess
      expect(first.status).toBe(500);
      expect(second.contentType).toContain('text/html');
      expect(resultCode(third.body)).toBe('CT515');
    });

    it('adds latency before a failure fault', async () => {
      // Prepare
      emulator.injectFault({ kind: 'latency', ms: 120, times: 1 });
      emulator.injectFault({ kind: 'http_500', times: 1 });

      // Act
      const { result, ms } = await timed(readOne);

      // Assess
      expect(result.status).toBe(500);
      expect(ms).toBeGreaterThanOrEqual(110);
    });

    it('records faulted requests like any other call', async () => {
      // Prepare
      emulator.injectFault({ kind: 'http_500', times: 2 });

      // Act
      await readOne();
      await readOne();
      await readOne();

      // Assess
      expect(emulator.calls().map((call) => call.call)).toEqual([
        'read_client_by_id',
        'read_client_by_id',
        'read_client_by_id',
      ]);
    });

    it('stops every fault on clearFaults', async () => {
      // Prepare
      emulator.injectFault({ kind: 'http_500' });

      // Act
      emulator.clearFaults();
      const answer = await readOne();

      // Assess
      expect(answer.status).toBe(200);
    });

    it.each<[string, unknown]>([
      ['an unknown kind', { kind: 'explode' }],
      ['latency without ms', { kind: 'latency' }],
      ['negative times', { kind: 'http_500', times: -1 }],
      ['an unknown call', { kind: 'http_500', calls: ['read_everything'] }],
    ])('throws for a fault with %s', (_case, fault) => {
      // Act
      const inject = () => emulator.injectFault(fault as FaultSpec);

      // Assess
      expect(inject).toThrow();
    });
  });

  describe('latency setting', () => {
    it('adds the latencyMs option to every call', async () => {
      // Prepare
      const slow = await startEmulator({ latencyMs: 120 });

      // Act
      const { result, ms } = await timed(() =>
        send(slow, 'read_client_by_id/1'),
      );
      await slow.close();

      // Assess
      expect(result.status).toBe(200);
      expect(ms).toBeGreaterThanOrEqual(110);
    });

    it('changes the added latency with setLatency until reset', async () => {
      // Prepare
      emulator.setLatency(120);

      // Act
      const slow = await timed(readOne);
      emulator.reset();
      const fast = await timed(readOne);

      // Assess
      expect(slow.ms).toBeGreaterThanOrEqual(110);
      expect(fast.ms).toBeLessThan(100);
    });
  });

  describe('close', () => {
    it('fails a hanging request and resolves promptly', async () => {
      // Prepare
      const hanging = await startEmulator();
      hanging.injectFault({ kind: 'hang' });
      const attempt = send(hanging, 'read_client_by_id/1');
      const settled = attempt.catch((error: unknown) => error);
      while (hanging.calls().length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }

      // Act
      const { ms } = await timed(() => hanging.close());

      // Assess
      expect(ms).toBeLessThan(1000);
      expect(await settled).toMatchObject({ message: 'fetch failed' });
    });

    it('cancels pending latency so close resolves at once', async () => {
      // Prepare
      const slow = await startEmulator({ latencyMs: 60_000 });
      const settled = send(slow, 'read_client_by_id/1').catch(
        (error: unknown) => error,
      );
      while (slow.calls().length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }

      // Act
      const { ms } = await timed(() => slow.close());

      // Assess
      expect(ms).toBeLessThan(1000);
      expect(await settled).toMatchObject({ message: 'fetch failed' });
    });

    it('leaves nothing that keeps the process alive after a hang', async () => {
      // Prepare
      const script = join(__dirname, 'fixtures', 'hang-then-close.ts');
      const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');

      // Act
      const result = await new Promise<{ code: number | null; out: string }>(
        (resolve, reject) => {
          const child = spawn(tsx, [script], { cwd: ROOT });
          let out = '';
          const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
          });
          child.on('error', reject);
          child.on('exit', (code) => {
            clearTimeout(killer);
            resolve({ code, out });
          });
        },
      );

      // Assess
      expect(result).toEqual({ code: 0, out: 'request failed\n' });
    });
  });
});
