import { once } from 'node:events';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake server saw it. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * What the fake answers; `hang` never answers, `stall` sends the headers
 * and part of the body and then nothing, `destroy` drops the socket.
 */
export interface FakeAnswer {
  status?: number;
  body?: string | object;
  contentType?: string;
  delayMs?: number;
  hang?: boolean;
  stall?: boolean;
  destroy?: boolean;
}

type Responder = (request: SeenRequest, index: number) => FakeAnswer;

/** A tiny HTTP server on loopback whose answers each test scripts. */
export interface FakeHttpServer {
  baseUrl: string;
  requests: SeenRequest[];
  /** Distinct TCP connections opened so far. */
  socketCount(): number;
  respondWith(responder: Responder): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeHttpServer(): Promise<FakeHttpServer> {
  const requests: SeenRequest[] = [];
  let sockets = 0;
  let responder: Responder = () => ({ body: { ResultCode: 'CT200' } });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      answer(res, responder(seen, requests.length - 1));
    });
  });
  server.on('connection', () => {
    sockets += 1;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v2/api`,
    requests,
    socketCount: () => sockets,
    respondWith: (next) => {
      responder = next;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function answer(res: ServerResponse, spec: FakeAnswer): void {
  if (spec.hang) {
    return;
  }
  if (spec.stall) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"ResultCode":');
    return;
  }
  if (spec.destroy) {
    res.socket?.destroy();
    return;
  }

  const send = () => {
    const body =
      typeof spec.body === 'string'
        ? spec.body
        : JSON.stringify(spec.body ?? '');
    res.writeHead(spec.status ?? 200, {
      'Content-Type': spec.contentType ?? 'application/json',
    });
    res.end(body);
  };

  if (spec.delayMs === undefined) {
    send();
  } else {
    setTimeout(send, spec.delayMs);
  }
}
