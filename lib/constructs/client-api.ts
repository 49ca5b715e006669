import { Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  EndpointType,
  type IApiKey,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  Period,
  ResponseType,
  RestApi,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import {
  AnyPrincipal,
  Effect,
  PolicyDocument,
  PolicyStatement,
} from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config';
import { removalPolicyFor } from './removal';

/** Properties of the service's REST API. */
export interface ClientApiProps {
  readonly config: EnvironmentConfig;

  /** Resource name prefix, such as `clienttether-api-dev`. */
  readonly namePrefix: string;

  /** Stage name, which also appears in the URL. */
  readonly stageName: string;

  readonly checkClient: IFunction;
  readonly createUpdateClient: IFunction;

  /** The delete function; without it the delete routes are not created. */
  readonly deleteClient?: IFunction;
}

/** A gateway answer in the contract's error shape. */
interface GatewayAnswer {
  readonly type: ResponseType;
  readonly id: string;
  /** Status to answer with; unset keeps API Gateway's own. */
  readonly statusCode?: string;
  readonly error: string;
  readonly message: string;
  readonly headers?: Record<string, string>;
}

/**
 * API Gateway's own answers, reshaped so a Bland agent can route on them
 * like on the handlers' answers. An unknown route or method arrives as
 * MISSING_AUTHENTICATION_TOKEN, which API Gateway answers 403; it is a 404.
 */
const GATEWAY_ANSWERS: readonly GatewayAnswer[] = [
  {
    type: ResponseType.INVALID_API_KEY,
    id: 'InvalidApiKey',
    statusCode: '403',
    error: 'forbidden',
    message: 'The API key is missing or not valid.',
  },
  {
    type: ResponseType.ACCESS_DENIED,
    id: 'AccessDenied',
    statusCode: '403',
    error: 'forbidden',
    message: 'This caller may not use the API.',
  },
  {
    type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    id: 'UnknownRoute',
    statusCode: '404',
    error: 'not_found',
    message: 'There is no such endpoint for this method.',
  },
  {
    type: ResponseType.THROTTLED,
    id: 'Throttled',
    statusCode: '429',
    error: 'rate_limited',
    message: 'Too many requests; try again in a moment.',
    headers: { 'Retry-After': "'1'" },
  },
  {
    type: ResponseType.QUOTA_EXCEEDED,
    id: 'QuotaExceeded',
    statusCode: '429',
    error: 'quota_exceeded',
    message: 'The daily request quota of this API key is used up.',
  },
  {
    type: ResponseType.REQUEST_TOO_LARGE,
    id: 'RequestTooLarge',
    statusCode: '413',
    error: 'payload_too_large',
    message: 'The request body is too large.',
  },
  {
    type: ResponseType.INTEGRATION_FAILURE,
    id: 'IntegrationFailure',
    statusCode: '502',
    error: 'upstream_error',
    message: 'The service could not complete the request.',
  },
  {
    type: ResponseType.INTEGRATION_TIMEOUT,
    id: 'IntegrationTimeout',
    statusCode: '504',
    error: 'upstream_timeout',
    message: 'The service did not answer in time.',
  },
  {
    type: ResponseType.DEFAULT_4XX,
    id: 'Default4xx',
    error: 'invalid_request',
    message: 'The request was not accepted.',
  },
  {
    type: ResponseType.DEFAULT_5XX,
    id: 'Default5xx',
    error: 'internal_error',
    message: 'The service failed to answer the request.',
  },
];

/**
 * Access log fields. Deliberately without `$context.identity.apiKey`, the
 * key's value: its id is enough to tell callers apart.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  userAgent: '$context.identity.userAgent',
  apiKeyId: '$context.identity.apiKeyId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integration.latency',
  integrationStatus: '$context.integration.status',
  errorType: '$context.error.responseType',
  errorMessage: '$context.error.message',
};

/**
 * The REST API: one POST route per operation (plus DELETE for delete-client),
 * an API key on every method, a usage plan with the environment's limits,
 * JSON access logs, gateway answers in the contract's shape and, when
 * configured, a source IP allow-list.
 */
export class ClientApi extends Construct {
  /** The REST API. */
  public readonly api: RestApi;

  /** The usage plan every API key belongs to. */
  public readonly usagePlan: UsagePlan;

  /** The stage's access log group. */
  public readonly accessLogGroup: LogGroup;

  public constructor(scope: Construct, id: string, props: ClientApiProps) {
    super(scope, id);

    const { config } = props;

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${props.namePrefix}/access`,
      retention: config.logRetention,
      removalPolicy: removalPolicyFor(config),
    });

    this.api = new RestApi(this, 'Api', {
      restApiName: props.namePrefix,
      description: 'Lets a Bland AI voice agent look up and keep clients',
      endpointTypes: [EndpointType.REGIONAL],
      // Execution logging needs the account-wide CloudWatch role; it is
      // retained so deleting one environment cannot break the others.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: removalPolicyFor({ retainData: true }),
      policy: sourceIpPolicy(config.allowedSourceIps),
      defaultMethodOptions: { apiKeyRequired: true },
      deployOptions: {
        stageName: props.stageName,
        accessLogDestination: new LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify(ACCESS_LOG_FIELDS),
        ),
        loggingLevel: MethodLoggingLevel.INFO,
        // Request and response bodies hold callers' phone numbers.
        dataTraceEnabled: false,
        metricsEnabled: true,
      },
    });

    // The stack outputs the URL under a stable name instead.
    this.api.node.tryRemoveChild('Endpoint');

    this.addRoutes(props);
    this.addGatewayAnswers();

    this.usagePlan = this.api.addUsagePlan('UsagePlan', {
      name: props.namePrefix,
      description: 'Limits of every API key of this environment',
      throttle: {
        rateLimit: config.throttle.rateLimit,
        burstLimit: config.throttle.burstLimit,
      },
      quota: { limit: config.quotaPerDay, period: Period.DAY },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });

    this.acknowledgeFindings();
  }

  /** Adds an API key to the usage plan, so the plan's limits apply to it. */
  public addApiKey(key: IApiKey): void {
    this.usagePlan.addApiKey(key);
  }

  private addRoutes(props: ClientApiProps): void {
    const root = this.api.root;

    root
      .addResource('check-client')
      .addMethod('POST', new LambdaIntegration(props.checkClient));
    root
      .addResource('create-update-client')
      .addMethod('POST', new LambdaIntegration(props.createUpdateClient));

    if (props.deleteClient !== undefined) {
      const deleteClient = root.addResource('delete-client');
      const integration = new LambdaIntegration(props.deleteClient);

      // Bland's agent tools can send only GET and POST; DELETE is for
      // everyone else.
      deleteClient.addMethod('POST', integration);
      deleteClient.addMethod('DELETE', integration);
    }
  }

  private addGatewayAnswers(): void {
    for (const answer of GATEWAY_ANSWERS) {
      this.api.addGatewayResponse(answer.id, {
        type: answer.type,
        statusCode: answer.statusCode,
        responseHeaders: {
          'Content-Type': "'application/json'",
          ...answer.headers,
        },
        templates: { 'application/json': answerTemplate(answer) },
      });
    }
  }

  private acknowledgeFindings(): void {
    Validations.of(this.api.node.findChild('CloudWatchRole')).acknowledge({
      id:
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/' +
        'service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'This AWS-managed policy is the documented permission set of the ' +
        "account's API Gateway logging role, kept current by AWS.",
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'Bodies are validated in the handlers, which answer with the ' +
        "contract's field-level errors instead of API Gateway's own shape.",
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'Callers are a few Bland AI servers holding API keys; per-key ' +
        'throttling, quotas and the optional IP allow-list stand in for WAF.',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Bland AI webhooks can send only a static header, so an API key ' +
        'per location is the authentication; IAM or JWT are not possible.',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-COG4',
      reason:
        'Bland AI webhooks cannot obtain Cognito tokens; methods require ' +
        'an API key instead.',
    });
  }
}

/** Velocity template of one gateway answer in the contract's shape. */
function answerTemplate(answer: GatewayAnswer): string {
  const body = {
    success: false,
    error: answer.error,
    message: answer.message,
    request_id: '$context.requestId',
  };

  return JSON.stringify(body);
}

/** A resource policy admitting only `sources`, or none when unset. */
function sourceIpPolicy(
  sources: readonly string[] | undefined,
): PolicyDocument | undefined {
  if (sources === undefined) {
    return undefined;
  }

  return new PolicyDocument({
    statements: [
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
      }),
      new PolicyStatement({
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { NotIpAddress: { 'aws:SourceIp': [...sources] } },
      }),
    ],
  });
}
