import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BUNDLING,
  HANDLER_NAMES,
  type HandlerName,
  handlerEntryPath,
} from '../../lib/bundling';
import { bundleHandlers } from '../../scripts/bundle';

// Handlers are written alongside the stack; only present ones are bundled.
const present = HANDLER_NAMES.filter((name) =>
  fs.existsSync(handlerEntryPath(name)),
);
const describeIfPresent = present.length > 0 ? describe : describe.skip;

describeIfPresent('bundleHandlers', () => {
  let outdir: string;
  let bundles: Record<string, string>;

  beforeAll(async () => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundles-'));
    bundles = await bundleHandlers(outdir, present);
  });

  afterAll(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it.each(present)('writes a bundle with a source map for %s', (name) => {
    // Act
    const file = bundles[name as HandlerName] ?? '';

    // Assess
    expect(file).toBe(path.join(outdir, name, 'index.js'));
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(`${file}.map`)).toBe(true);
  });

  it.each(present)('leaves the AWS SDK out of the %s bundle', (name) => {
    // Prepare
    const file = bundles[name as HandlerName] ?? '';

    // Act
    const code = fs.readFileSync(file, 'utf8');

    // Assess
    expect(code).toMatch(/require\("@aws-sdk\/[a-z-]+"\)/);
    expect(code).not.toContain('class SecretsManagerClient');
  });
});

describe('BUNDLING', () => {
  it('targets the Lambda runtime and keeps the AWS SDK external', () => {
    // Assess
    expect(BUNDLING).toMatchObject({
      target: 'node24',
      format: 'cjs',
      platform: 'node',
      minify: true,
      sourcemap: true,
      external: ['@aws-sdk/*'],
    });
  });
});
