import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Context,
} from 'aws-lambda';
import type { LocalResponse, ReceivedRequest } from './events';
import { jsonResponse } from './gateway-responses';

/** The handlers behind the API's routes. */
export type ApiHandlerName =
  | 'check-client'
  | 'create-update-client'
  | 'delete-client';

/** The names of the API's handlers, in a stable order. */
export const API_HANDLER_NAMES: readonly ApiHandlerName[] = [
  'check-client',
  'create-update-client',
  'delete-client',
];

/** A handler as Lambda calls it: proxy event and context in, result out. */
export type LocalHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/** One handler per API route. */
export type HandlerSet = Record<ApiHandlerName, LocalHandler>;

/** An answer the local server gives by itself, without a handler. */
export type LocalResponder = (
  request: ReceivedRequest,
  requestId: string,
) => LocalResponse | Promise<LocalResponse>;

/** One path of the local API and what answers it. */
export interface LocalRoute {
  path: string;
  methods: readonly string[];
  /** Whether `x-api-key` is required, as on the deployed API. */
  apiKeyRequired: boolean;
  target: { handler: ApiHandlerName } | { respond: LocalResponder };
}

/** The routes of the deployed API, as its stack defines them. */
export const API_ROUTES: readonly LocalRoute[] = [
  {
    path: '/check-client',
    methods: ['POST'],
    apiKeyRequired: true,
    target: { handler: 'check-client' },
  },
  {
    path: '/create-update-client',
    methods: ['POST'],
    apiKeyRequired: true,
    target: { handler: 'create-update-client' },
  },
  {
    // Bland's agent tools can send only GET and POST.
    path: '/delete-client',
    methods: ['POST', 'DELETE'],
    apiKeyRequired: true,
    target: { handler: 'delete-client' },
  },
];

/** Local-only routes: not part of the deployed API, so no key needed. */
export const LOCAL_ROUTES: readonly LocalRoute[] = [
  {
    path: '/health',
    methods: ['GET'],
    apiKeyRequired: false,
    target: { respond: healthAnswer },
  },
  {
    path: '/openapi.json',
    methods: ['GET'],
    apiKeyRequired: false,
    target: { respond: openApiAnswer },
  },
];

/** Every route the local server answers by default. */
export const DEFAULT_ROUTES: readonly LocalRoute[] = [
  ...API_ROUTES,
  ...LOCAL_ROUTES,
];

/** The route of a path; a trailing slash is ignored. */
export function findRoute(
  routes: readonly LocalRoute[],
  pathname: string,
): LocalRoute | undefined {
  const path =
    pathname.length > 1 && pathname.endsWith('/')
      ? pathname.slice(0, -1)
      : pathname;

  return routes.find((route) => route.path === path);
}

function healthAnswer(_request: ReceivedRequest, requestId: string) {
  return jsonResponse(200, {
    success: true,
    message: 'The local API is running.',
    endpoints: API_ROUTES.flatMap((route) =>
      route.methods.map((method) => `${method} ${route.path}`),
    ),
    request_id: requestId,
  });
}

/** The committed OpenAPI document (`npm run openapi` writes it). */
export const OPENAPI_DOCUMENT_PATH = path.join(
  __dirname,
  '..',
  'docs',
  'openapi.json',
);

// Read per request, so a regenerated document is served without a restart.
async function openApiAnswer(): Promise<LocalResponse> {
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: await readFile(OPENAPI_DOCUMENT_PATH),
  };
}
