import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One GetSecretValue request as the fake received it. */
export interface SecretRequest {
  secretId: string;
  /** Arrival time, ms since the epoch (with fractions). */
  at: number;
}

/** A running fake Secrets Manager. */
export interface FakeSecretsManager {
  /** Value for AWS_ENDPOINT_URL_SECRETS_MANAGER. */
  endpoint: string;
  /** Every GetSecretValue request so far, in order. */
  requests(): SecretRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

const TARGET = 'secretsmanager.GetSecretValue';

const JSON_1_1 = 'application/x-amz-json-1.1';

/**
 * Serves GetSecretValue for a fixed set of secrets on loopback, in the
 * awsJson1_1 protocol the SDK speaks (POST / with X-Amz-Target), so the
 * handlers' real Secrets Manager path runs without AWS. Signatures are
 * not checked.
 */
export async function startFakeSecretsManager(
  secrets: Readonly<Record<string, string>>,
): Promise<FakeSecretsManager> {
  let received: SecretRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((request, response) => {
    readJson(request).then(
      (body) => {
        const secretId = typeof body.SecretId === 'string' ? body.SecretId : '';
        received.push({ secretId, at: performance.timeOrigin + now() });
        answer(request, response, secrets, secretId);
      },
      () => sendError(response, 400, 'SerializationException'),
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => [...received],
    clearRequests: () => {
      received = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) {
          socket.destroy();
        }
      }),
  };
}

function answer(
  request: IncomingMessage,
  response: ServerResponse,
  secrets: Readonly<Record<string, string>>,
  secretId: string,
): void {
  if (request.headers['x-amz-target'] !== TARGET) {
    sendError(response, 400, 'UnknownOperationException');
    return;
  }

  const value = secrets[secretId];
  if (value === undefined) {
    sendError(response, 400, 'ResourceNotFoundException');
    return;
  }

  send(response, 200, {
    ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${secretId}`,
    Name: secretId,
    SecretString: value,
    VersionId: randomUUID(),
    VersionStages: ['AWSCURRENT'],
    CreatedDate: Math.floor(Date.now() / 1000),
  });
}

function sendError(response: ServerResponse, status: number, type: string) {
  send(response, status, { __type: type, message: type });
}

function send(response: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': JSON_1_1,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
  });
  response.end(text);
}

async function readJson(
  request: IncomingMessage,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }

  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null) {
    throw new Error('not a JSON object');
  }

  return parsed as Record<string, unknown>;
}

function now(): number {
  return performance.now();
}
