import { Match } from 'aws-cdk-lib/assertions';
import { buildStacks } from './fixtures';

const built = buildStacks({
  dev: { envName: 'dev' },
  staging: { envName: 'staging' },
  prod: { envName: 'prod' },
  allowList: {
    envName: 'dev',
    overrides: { allowedSourceIps: ['192.0.2.0/24', '198.51.100.7/32'] },
  },
});

/** `METHOD /path` of every method in the template. */
function routes(key: keyof typeof built): string[] {
  const { template } = built[key];
  const resources = template.findResources('AWS::ApiGateway::Resource');
  const methods = template.findResources('AWS::ApiGateway::Method');

  return Object.values(methods)
    .map((method) => {
      const resourceRef = method.Properties.ResourceId.Ref as string;
      const pathPart = resources[resourceRef]?.Properties.PathPart;

      return `${method.Properties.HttpMethod} /${pathPart}`;
    })
    .sort();
}

describe('ClientApi routes', () => {
  it.each(['dev', 'staging'] as const)(
    'creates the four routes in %s, where delete is enabled',
    (key) => {
      // Act
      const found = routes(key);

      // Assess
      expect(found).toEqual([
        'DELETE /delete-client',
        'POST /check-client',
        'POST /create-update-client',
        'POST /delete-client',
      ]);
    },
  );

  it('creates no delete routes in prod', () => {
    // Act
    const found = routes('prod');

    // Assess
    expect(found).toEqual(['POST /check-client', 'POST /create-update-client']);
  });

  it.each(['dev', 'staging', 'prod'] as const)(
    'requires an API key on every method in %s',
    (key) => {
      // Prepare
      const methods = built[key].template.findResources(
        'AWS::ApiGateway::Method',
      );

      // Act
      const keyRequired = Object.values(methods).map(
        (method) => method.Properties.ApiKeyRequired,
      );

      // Assess
      expect(keyRequired.length).toBeGreaterThan(0);
      expect(keyRequired.every((required) => required === true)).toBe(true);
    },
  );

  it('integrates every method with a Lambda proxy', () => {
    // Prepare
    const methods = built.dev.template.findResources('AWS::ApiGateway::Method');

    // Act
    const types = Object.values(methods).map(
      (method) => method.Properties.Integration.Type,
    );

    // Assess
    expect(new Set(types)).toEqual(new Set(['AWS_PROXY']));
  });
});

describe('ClientApi usage plan', () => {
  it.each(['dev', 'prod'] as const)(
    'limits every key by the throttling and daily quota of %s',
    (key) => {
      // Prepare
      const { template, config } = built[key];

      // Assess
      template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
        Throttle: {
          RateLimit: config.throttle.rateLimit,
          BurstLimit: config.throttle.burstLimit,
        },
        Quota: { Limit: config.quotaPerDay, Period: 'DAY' },
        ApiStages: [Match.objectLike({ Stage: Match.anyValue() })],
      });
    },
  );
});

describe('ClientApi stage', () => {
  it('writes JSON access logs with the caller and key id, never the key', () => {
    // Prepare
    const stages = built.dev.template.findResources('AWS::ApiGateway::Stage');
    const [stage] = Object.values(stages);

    // Act
    const format = JSON.parse(stage?.Properties.AccessLogSetting.Format);

    // Assess
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      caller: '$context.identity.caller',
      httpMethod: '$context.httpMethod',
      resourcePath: '$context.resourcePath',
      status: '$context.status',
      responseLength: '$context.responseLength',
      requestTime: '$context.requestTime',
      apiKeyId: '$context.identity.apiKeyId',
      integrationLatency: '$context.integration.latency',
    });
    expect(Object.values(format)).not.toContain('$context.identity.apiKey');
  });

  it('logs execution at INFO without request or response bodies', () => {
    // Assess
    built.prod.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'INFO',
          DataTraceEnabled: false,
        }),
      ],
    });
  });

  it('keeps access logs for the configured retention', () => {
    // Prepare
    const { template, config } = built.prod;

    // Assess
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/apigateway/clienttether-api-prod/access',
      RetentionInDays: config.logRetention,
    });
  });

  it('answers no CORS preflight', () => {
    // Assess
    built.dev.template.resourcePropertiesCountIs(
      'AWS::ApiGateway::Method',
      { HttpMethod: 'OPTIONS' },
      0,
    );
  });
});

describe('ClientApi gateway responses', () => {
  it.each([
    ['INVALID_API_KEY', '403', 'forbidden'],
    ['MISSING_AUTHENTICATION_TOKEN', '404', 'not_found'],
    ['THROTTLED', '429', 'rate_limited'],
    ['QUOTA_EXCEEDED', '429', 'quota_exceeded'],
    ['REQUEST_TOO_LARGE', '413', 'payload_too_large'],
    ['INTEGRATION_FAILURE', '502', 'upstream_error'],
    ['INTEGRATION_TIMEOUT', '504', 'upstream_timeout'],
  ])('answers %s with %s and error %s in JSON', (type, status, error) => {
    // Prepare
    const responses = built.dev.template.findResources(
      'AWS::ApiGateway::GatewayResponse',
      { Properties: { ResponseType: type } },
    );
    const [response] = Object.values(responses);

    // Act
    const body = JSON.parse(
      response?.Properties.ResponseTemplates['application/json'],
    );

    // Assess
    expect(response?.Properties.StatusCode).toBe(status);
    expect(
      response?.Properties.ResponseParameters[
        'gatewayresponse.header.Content-Type'
      ],
    ).toBe("'application/json'");
    expect(body).toEqual({
      success: false,
      error,
      message: expect.any(String),
      request_id: '$context.requestId',
    });
  });

  it('answers the default 4xx and 5xx in the contract shape', () => {
    // Prepare
    const responses = built.dev.template.findResources(
      'AWS::ApiGateway::GatewayResponse',
    );

    // Act
    const errors = Object.values(responses)
      .filter((r) => r.Properties.ResponseType.startsWith('DEFAULT_'))
      .map((r) =>
        JSON.parse(r.Properties.ResponseTemplates['application/json']),
      )
      .map((body) => body.error)
      .sort();

    // Assess
    expect(errors).toEqual(['internal_error', 'invalid_request']);
  });
});

describe('ClientApi source IP policy', () => {
  it('admits only the configured source ranges', () => {
    // Assess
    built.allowList.template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'execute-api:Invoke',
            Condition: {
              NotIpAddress: {
                'aws:SourceIp': ['192.0.2.0/24', '198.51.100.7/32'],
              },
            },
          }),
        ]),
      },
    });
  });

  it('sets no resource policy when no ranges are configured', () => {
    // Assess
    built.dev.template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: Match.absent(),
    });
  });
});

describe('ClientApi outputs', () => {
  it('outputs the API URL once, under a stable name', () => {
    // Act
    const outputs = built.dev.template.findOutputs('*');
    const urls = Object.entries(outputs).filter(([, output]) =>
      JSON.stringify(output.Value).includes('.execute-api.'),
    );

    // Assess
    expect(urls.map(([id]) => id)).toEqual(['ApiUrl']);
  });
});
