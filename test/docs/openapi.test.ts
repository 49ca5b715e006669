import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import { deleteClient } from '../../lambda/handlers/delete-client';
import { checkClientRequestSchema } from '../../lambda/shared/api/requests';
import type { RequestContext } from '../../lambda/shared/http/api-handler';
import { cleanInput } from '../../lambda/shared/normalise';
import { API_ROUTES } from '../../local/routes';
import {
  buildOpenApiDocument,
  COMPONENT_SCHEMAS,
  type ComponentName,
  DELETE_DISABLED_MESSAGE,
  GATEWAY_EXAMPLES,
  type JsonObject,
  OPENAPI_FILE,
  renderOpenApiDocument,
} from '../../scripts/openapi-document';
import { buildStacks } from '../lib/fixtures';

const STALE = 'docs/openapi.json is stale: run npm run openapi';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** One example as used somewhere in the document. */
interface UsedExample {
  where: string;
  name: string;
  value: unknown;
  schemas: ComponentName[];
  io: 'input' | 'output';
}

function readCommitted(): string {
  return readFileSync(path.join(__dirname, '..', '..', OPENAPI_FILE), 'utf8');
}

function asObject(value: unknown): JsonObject {
  return (value ?? {}) as JsonObject;
}

function refName(ref: unknown, kind: 'schemas' | 'examples'): string {
  const prefix = `#/components/${kind}/`;
  if (typeof ref !== 'string' || !ref.startsWith(prefix)) {
    throw new Error(`Not a ${kind} reference: ${String(ref)}`);
  }

  return ref.slice(prefix.length);
}

/** The component schemas a media type's schema names. */
function schemaNames(schema: unknown): ComponentName[] {
  const { $ref, oneOf } = asObject(schema);
  const refs = $ref === undefined ? (oneOf as JsonObject[]) : [{ $ref }];

  return refs.map((item) => refName(item.$ref, 'schemas') as ComponentName);
}

/** Every example of a content map, resolved, with its schemas. */
function examplesOf(
  document: JsonObject,
  where: string,
  content: unknown,
  io: UsedExample['io'],
): UsedExample[] {
  const library = asObject(asObject(document.components).examples);

  return Object.entries(asObject(content)).flatMap(([type, media]) => {
    const { schema, examples } = asObject(media);

    return Object.values(asObject(examples)).map((reference) => {
      const name = refName(asObject(reference).$ref, 'examples');

      return {
        where: `${where} ${type}`,
        name,
        value: asObject(library[name]).value,
        schemas: schemaNames(schema),
        io,
      };
    });
  });
}

/** Every request and response example of every operation. */
function usedExamples(document: JsonObject): UsedExample[] {
  const used: UsedExample[] = [];

  for (const [route, item] of Object.entries(asObject(document.paths))) {
    for (const [method, operation] of Object.entries(asObject(item))) {
      const where = `${method.toUpperCase()} ${route}`;
      const { requestBody, responses } = asObject(operation);
      used.push(
        ...examplesOf(
          document,
          `${where} request`,
          asObject(requestBody).content,
          'input',
        ),
      );

      for (const [status, response] of Object.entries(asObject(responses))) {
        used.push(
          ...examplesOf(
            document,
            `${where} ${status}`,
            asObject(response).content,
            'output',
          ),
        );
      }
    }
  }

  return used;
}

/** Problems of one example under its schemas; empty when one accepts it. */
function problemsOf(example: UsedExample): string[] {
  const input =
    example.io === 'input' ? cleanInput(example.value) : example.value;
  const results = example.schemas.map((name) =>
    (COMPONENT_SCHEMAS[name].schema as z.ZodType).safeParse(input),
  );
  if (results.some((result) => result.success)) {
    return [];
  }

  return results.flatMap((result) =>
    (result.error?.issues ?? []).map(
      (issue) =>
        `${example.where} ${example.name}: ${issue.path.join('.')} ` +
        issue.message,
    ),
  );
}

/** What the test reads of an AWS::ApiGateway::GatewayResponse. */
interface GatewayResponseProperties {
  ResponseType: string;
  StatusCode?: string;
  ResponseTemplates?: Record<string, string>;
  ResponseParameters?: Record<string, string>;
}

describe('docs/openapi.json', () => {
  const document = buildOpenApiDocument();

  it('matches what npm run openapi generates', () => {
    // Prepare
    const committed = readCommitted();

    // Act
    const rendered = renderOpenApiDocument();

    // Assess
    if (committed !== rendered) {
      throw new Error(STALE);
    }
    expect(committed.endsWith('}\n')).toBe(true);
  });

  it('renders the same text on every run', () => {
    // Act
    const first = renderOpenApiDocument();
    const second = renderOpenApiDocument();

    // Assess
    expect(second).toBe(first);
  });

  it('sorts the keys of its objects', () => {
    // Prepare
    const parsed = JSON.parse(renderOpenApiDocument()) as JsonObject;

    // Act
    const topLevel = Object.keys(parsed);
    const paths = Object.keys(asObject(parsed.paths));

    // Assess
    expect(topLevel).toEqual([...topLevel].sort());
    expect(paths).toEqual([...paths].sort());
  });

  it('describes exactly the routes and methods of the API', () => {
    // Prepare
    const expected = API_ROUTES.flatMap((route) =>
      route.methods.map((method) => `${method} ${route.path}`),
    ).sort();

    // Act
    const documented = Object.entries(asObject(document.paths))
      .flatMap(([route, item]) =>
        Object.keys(asObject(item))
          .filter((method) => METHODS.includes(method))
          .map((method) => `${method.toUpperCase()} ${route}`),
      )
      .sort();

    // Assess
    expect(documented).toEqual(expected);
  });

  it('requires the x-api-key header on every operation', () => {
    // Prepare
    const schemes = asObject(asObject(document.components).securitySchemes);

    // Act
    const [requirement] = document.security as JsonObject[];

    // Assess
    expect(schemes.apiKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'x-api-key',
    });
    expect(requirement).toEqual({ apiKey: [] });
  });

  it('accepts JSON and form-encoded bodies on every operation', () => {
    // Act
    const types = Object.values(asObject(document.paths)).flatMap((item) =>
      Object.values(asObject(item)).map((operation) =>
        Object.keys(
          asObject(asObject(asObject(operation).requestBody).content),
        ),
      ),
    );

    // Assess
    expect(types).toHaveLength(4);
    for (const found of types) {
      expect(found).toEqual([
        'application/json',
        'application/x-www-form-urlencoded',
      ]);
    }
  });

  it('answers every status the contract names, per endpoint', () => {
    // Prepare
    const statuses = (route: string, method: string) =>
      Object.keys(
        asObject(
          asObject(asObject(asObject(document.paths)[route])[method]).responses,
        ),
      );

    // Assess
    expect(statuses('/check-client', 'post')).toEqual([
      '200',
      '400',
      '403',
      '413',
      '429',
      '500',
      '502',
      '504',
    ]);
    expect(statuses('/create-update-client', 'post')).toEqual([
      '200',
      '202',
      '400',
      '403',
      '404',
      '413',
      '429',
      '500',
      '502',
      '504',
    ]);
    for (const method of ['post', 'delete']) {
      expect(statuses('/delete-client', method)).toEqual([
        '200',
        '400',
        '403',
        '404',
        '409',
        '413',
        '429',
        '500',
        '502',
        '504',
      ]);
    }
  });

  it('has examples that each parse with their zod schema', () => {
    // Prepare
    const used = usedExamples(document);

    // Act
    const problems = used.flatMap(problemsOf);

    // Assess
    expect(used.length).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('reports an example that its schema refuses', () => {
    // Prepare
    const example: UsedExample = {
      where: 'POST /check-client 200',
      name: 'broken',
      value: { success: true, client_exists: 'yes' },
      schemas: ['CheckClientFound', 'CheckClientNotFound'],
      io: 'output',
    };

    // Act
    const problems = problemsOf(example);

    // Assess
    expect(problems).toContainEqual(
      expect.stringContaining('POST /check-client 200 broken: client_exists'),
    );
  });

  it('uses every example it defines', () => {
    // Prepare
    const defined = Object.keys(
      asObject(asObject(document.components).examples),
    ).sort();

    // Act
    const used = [...new Set(usedExamples(document).map((e) => e.name))];

    // Assess
    expect(used.sort()).toEqual(defined);
  });

  it('describes every request field', () => {
    // Prepare
    const schemas = asObject(asObject(document.components).schemas);
    const requests = Object.entries(COMPONENT_SCHEMAS)
      .filter(([, entry]) => entry.io === 'input')
      .map(([name]) => name);

    // Act
    const undescribed = requests.flatMap((name) =>
      Object.entries(asObject(asObject(schemas[name]).properties))
        .filter(([, property]) => !asObject(property).description)
        .map(([field]) => `${name}.${field}`),
    );

    // Assess
    expect(requests).toHaveLength(3);
    expect(undescribed).toEqual([]);
  });

  it('shows text fields as taking numbers, as the zod schema does', () => {
    // Prepare
    const schemas = asObject(asObject(document.components).schemas);
    const properties = asObject(
      asObject(schemas.CheckClientRequest).properties,
    );

    // Act
    const parsed = checkClientRequestSchema.safeParse({
      customer_phone: 3125550101,
    });

    // Assess
    expect(parsed.success).toBe(true);
    expect(properties.customer_phone).toMatchObject({
      type: ['string', 'number', 'boolean', 'null'],
      maxLength: 40,
    });
    expect(properties.customer_phone).not.toHaveProperty('minLength');
  });

  it('keeps response schemas closed, as the handlers answer', () => {
    // Prepare
    const schemas = asObject(asObject(document.components).schemas);

    // Act
    const error = asObject(schemas.ErrorResponse);

    // Assess
    expect(error.additionalProperties).toBe(false);
    expect(error.required).toEqual(
      expect.arrayContaining(['success', 'error', 'message', 'request_id']),
    );
    expect(error).not.toHaveProperty('$schema');
    expect(error).not.toHaveProperty('$id');
  });
});

describe('the documented answers', () => {
  it('give the delete-disabled message the delete handler gives', async () => {
    // Prepare
    const context = {
      settings: { deleteEnabled: false },
    } as unknown as RequestContext;

    // Act
    const deleting = deleteClient({ client_id: '1000001' }, context);

    // Assess
    await expect(deleting).rejects.toThrow(DELETE_DISABLED_MESSAGE);
  });

  describe('of API Gateway', () => {
    let responses: GatewayResponseProperties[] = [];

    beforeAll(() => {
      const { dev } = buildStacks({ dev: { envName: 'dev' } });
      responses = Object.values(
        dev.template.findResources('AWS::ApiGateway::GatewayResponse'),
      ).map((resource) => resource.Properties);
    });

    it.each(Object.values(GATEWAY_EXAMPLES).map((e) => [e.responseType, e]))(
      'match the stack gateway response %s',
      (responseType, example) => {
        // Prepare
        const deployed = responses.find(
          (response) => response.ResponseType === responseType,
        );

        // Act
        const body = JSON.parse(
          deployed?.ResponseTemplates?.['application/json'] ?? '{}',
        );

        // Assess
        expect(deployed?.StatusCode ?? '500').toBe(String(example.status));
        expect(body).toEqual({
          ...example.value,
          request_id: '$context.requestId',
        });
        expect(
          deployed?.ResponseParameters?.['gatewayresponse.header.Retry-After'],
        ).toBe(example.retryAfter ? `'${example.retryAfter}'` : undefined);
      },
    );
  });
});
