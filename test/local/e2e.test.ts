import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { z } from 'zod';
import {
  checkClientFoundSchema,
  checkClientNotFoundSchema,
  createUpdateClientResponseSchema,
  deleteClientResponseSchema,
  errorResponseSchema,
} from '../../lambda/shared/api/responses';
import { DEMO_LOCATIONS } from '../../local/demo-emulator';
import { loadBundledHandlers } from '../../local/handlers';
import { API_HANDLER_NAMES, type HandlerSet } from '../../local/routes';
import { type LocalServer, startLocalServer } from '../../local/server';
import { bundleHandlers } from '../../scripts/bundle';
import { LogCapture } from '../helpers/log-capture';

const MAIN_WEB_KEY = DEMO_LOCATIONS.main?.webKey ?? '';

const NEW_CALLER = {
  customer_first_name: 'Morgan',
  customer_last_name: 'Firsttime',
  customer_phone: '312.555.0188',
  customer_email: ' Morgan.Firsttime@Example.com ',
  property_address: '300 Example Road',
  city: 'Springfield',
  state: 'Illinois',
  zip_code: '62703',
  project_type: 'Deck repair',
  appointment_date: '2030-03-04',
  appointment_time: '09:00',
  appointment_id: 'tt-e2e-1',
  call_id: 'e2e-call-1',
};

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** Where each run takes its handlers from. */
const HANDLER_SOURCES: [string, () => Promise<HandlerSet | undefined>][] = [
  ['the handler sources', async () => undefined],
  ['the deployable bundles', bundledHandlers],
];

// Bundles go inside the repository so they resolve @aws-sdk from its
// node_modules, as the Lambda runtime provides it.
const bundleDir = path.join(
  __dirname,
  '..',
  '..',
  '.build',
  `test-bundles-${randomUUID()}`,
);

async function bundledHandlers(): Promise<HandlerSet> {
  const bundles = await bundleHandlers(bundleDir, API_HANDLER_NAMES);

  return loadBundledHandlers(bundles);
}

afterAll(async () => {
  await rm(bundleDir, { recursive: true, force: true });
});

describe.each(HANDLER_SOURCES)('the local API with %s', (_, load) => {
  const logs = new LogCapture();
  let server: LocalServer;

  beforeAll(async () => {
    const handlers = await load();
    logs.start();
    server = await startLocalServer({ port: 0, emulator: true, handlers });
  });

  afterAll(async () => {
    await server?.close();
    logs.stop();
  });

  async function call(
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = { 'x-api-key': server.apiKey },
  ): Promise<Answer> {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();

    return {
      status: response.status,
      headers: response.headers,
      body: JSON.parse(text) as Record<string, unknown>,
    };
  }

  function parsed<T extends z.ZodType>(schema: T, answer: Answer) {
    const body = schema.parse(answer.body) as z.infer<T>;
    expect(answer.body.request_id).toBe(answer.headers.get('x-amzn-requestid'));

    return body;
  }

  function upstreamCalls(): number {
    return server.emulator?.running.calls().length ?? 0;
  }

  it('serves the whole flow of a new caller without a duplicate', async () => {
    // Act: the agent looks the caller up, books, looks up again, rebooks.
    const first = await call('POST', '/check-client', {
      customer_phone: NEW_CALLER.customer_phone,
      call_id: NEW_CALLER.call_id,
    });
    const created = await call('POST', '/create-update-client', NEW_CALLER);
    const again = await call('POST', '/check-client', {
      customer_phone: '+1 (312) 555-0188',
    });
    const rebooked = await call('POST', '/create-update-client', {
      ...NEW_CALLER,
      customer_phone: '13125550188',
      appointment_date: '2030-03-11',
      appointment_id: 'tt-e2e-2',
    });

    // Assess
    expect(first.status).toBe(200);
    expect(parsed(checkClientNotFoundSchema, first)).toMatchObject({
      client_exists: false,
      searched_phone: '3125550188',
    });

    expect(created.status).toBe(200);
    const saved = parsed(createUpdateClientResponseSchema, created);
    expect(saved).toMatchObject({ operation: 'create', matched_by: null });

    expect(again.status).toBe(200);
    expect(parsed(checkClientFoundSchema, again)).toMatchObject({
      client_exists: true,
      client_id: saved.client_id,
      client_name: 'Morgan Firsttime',
      client_email: 'morgan.firsttime@example.com',
      searched_by: 'phone',
    });

    expect(rebooked.status).toBe(200);
    expect(parsed(createUpdateClientResponseSchema, rebooked)).toMatchObject({
      operation: 'update',
      client_id: saved.client_id,
      matched_by: 'phone',
      appointment_date: '2030-03-11',
    });
    const held = server.emulator?.running
      .clients(MAIN_WEB_KEY)
      .filter((client) => client.phone === '3125550188');
    expect(held).toEqual([
      expect.objectContaining({
        client_id: saved.client_id,
        appointment_date: '2030-03-11',
      }),
    ]);
  });

  it('deletes the client by id and then finds it no more', async () => {
    // Prepare
    const created = await call('POST', '/create-update-client', {
      ...NEW_CALLER,
      customer_phone: '312-555-0177',
      customer_email: 'short.stay@example.com',
    });
    const { client_id: clientId } = parsed(
      createUpdateClientResponseSchema,
      created,
    );

    // Act
    const deleted = await call('DELETE', '/delete-client', {
      client_id: clientId,
    });
    const lookup = await call('POST', '/check-client', {
      customer_phone: '312-555-0177',
    });

    // Assess
    expect(deleted.status).toBe(200);
    expect(parsed(deleteClientResponseSchema, deleted)).toMatchObject({
      deleted_by: 'client_id',
      client_id: clientId,
    });
    expect(parsed(checkClientNotFoundSchema, lookup).client_exists).toBe(false);
  });

  it('finds the client of another location by its location_id', async () => {
    // Act
    const north = await call('POST', '/check-client', {
      customer_phone: '(612) 555-0104',
      location_id: 'north',
    });
    const main = await call('POST', '/check-client', {
      customer_phone: '(612) 555-0104',
    });

    // Assess
    expect(parsed(checkClientFoundSchema, north)).toMatchObject({
      client_first_name: 'Jordan',
    });
    expect(parsed(checkClientNotFoundSchema, main).client_exists).toBe(false);
  });

  it('returns 400 for a location that is not configured', async () => {
    // Prepare
    const callsBefore = upstreamCalls();

    // Act
    const answer = await call('POST', '/check-client', {
      customer_phone: '(612) 555-0104',
      location_id: 'atlantis',
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(parsed(errorResponseSchema, answer)).toMatchObject({
      error: 'invalid_request',
      details: [{ field: 'location_id', problem: 'is not a known location' }],
    });
    expect(upstreamCalls()).toBe(callsBefore);
  });

  it.each([
    ['without an API key', {}],
    ['with a wrong API key', { 'x-api-key': 'not-the-key' }],
  ])('returns 403 %s and calls no handler', async (_case, headers) => {
    // Prepare
    const callsBefore = upstreamCalls();

    // Act
    const answer = await call(
      'POST',
      '/check-client',
      { customer_phone: '(312) 555-0101' },
      headers,
    );

    // Assess
    expect(answer.status).toBe(403);
    expect(parsed(errorResponseSchema, answer)).toMatchObject({
      error: 'forbidden',
    });
    expect(upstreamCalls()).toBe(callsBefore);
  });

  it('returns 404 for an unknown route and 405 for a wrong method', async () => {
    // Act
    const unknown = await call('POST', '/find-client', {});
    const wrongMethod = await call('GET', '/check-client');

    // Assess
    expect(unknown.status).toBe(404);
    expect(parsed(errorResponseSchema, unknown).error).toBe('not_found');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(parsed(errorResponseSchema, wrongMethod).error).toBe(
      'method_not_allowed',
    );
  });

  it('never logs a full phone number or e-mail address', () => {
    // Assess
    const text = logs.text();
    expect(text).toContain('Request finished');
    expect(text).not.toContain('3125550188');
    expect(text).not.toContain('morgan.firsttime@example.com');
  });
});
