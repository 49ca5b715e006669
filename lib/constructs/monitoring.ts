import { Duration, Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  FilterPattern,
  type ILogGroup,
  MetricFilter,
  QueryDefinition,
  QueryString,
} from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config';
import { pascalCase } from './names';

/** A deployed handler as the monitoring sees it. */
export interface MonitoredFunction {
  /** Short name, such as `check-client`. */
  readonly name: string;
  readonly function: IFunction;
  readonly logGroup: ILogGroup;
}

/** Properties of the service's monitoring. */
export interface MonitoringProps {
  readonly config: EnvironmentConfig;

  /** Resource name prefix, such as `clienttether-api-dev`. */
  readonly namePrefix: string;

  readonly api: RestApi;
  readonly functions: readonly MonitoredFunction[];
}

/** Share of API requests answered 5xx that raises the alarm. */
const SERVER_ERROR_RATE = 0.05;

/** Namespace of the metrics this stack derives from log lines. */
export const METRIC_NAMESPACE = 'ClientTetherApi';

/** Saved Logs Insights queries: query name → query. */
function savedQueries(): Record<string, QueryString> {
  return {
    'one-call': new QueryString({
      fields: [
        '@timestamp',
        'level',
        'message',
        'call_id',
        'request_id',
        'correlation_id',
        'errorCode',
      ],
      filterStatements: [
        'call_id = "REPLACE_ME" or request_id = "REPLACE_ME" or ' +
          'correlation_id = "REPLACE_ME"',
      ],
      sort: '@timestamp asc',
      limit: 1000,
    }),
    'upstream-failures-by-result-code': new QueryString({
      filterStatements: [
        'message = "ClientTether call"',
        // ok and not_found are answers; everything else failed upstream.
        'outcome not in ["ok", "not_found"]',
      ],
      statsStatements: [
        'count(*) as calls by call, resultCode, httpStatus, outcome',
      ],
      sort: 'calls desc',
    }),
    'slow-upstream-calls': new QueryString({
      fields: [
        '@timestamp',
        'call',
        'durationMs',
        'httpStatus',
        'resultCode',
        'outcome',
        'call_id',
        'request_id',
      ],
      filterStatements: ['message = "ClientTether call"', 'durationMs > 1000'],
      sort: 'durationMs desc',
      limit: 200,
    }),
    'lookups-by-phone-last-four': new QueryString({
      fields: [
        '@timestamp',
        'message',
        'phoneLast4',
        'call_id',
        'request_id',
        'location_id',
      ],
      filterStatements: ['phoneLast4 = "0000"'],
      sort: '@timestamp desc',
      limit: 200,
    }),
    'validation-failures-by-field': new QueryString({
      filterStatements: ['message = "Invalid request"'],
      // invalidFields is an array; its JSON text names the fields together.
      parseStatements: [
        '@message /"invalidFields":\\s*\\[(?<fieldNames>[^\\]]*)\\]/',
      ],
      statsStatements: ['count(*) as failures by fieldNames'],
      sort: 'failures desc',
    }),
  };
}

/**
 * Alarms to an SNS topic, a dashboard and saved Logs Insights queries for
 * the API, its functions and, once added, the write-behind queue.
 */
export class Monitoring extends Construct {
  /** Topic every alarm notifies. */
  public readonly topic: Topic;

  /** The service's dashboard. */
  public readonly dashboard: Dashboard;

  private readonly props: MonitoringProps;

  public constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    this.props = props;
    this.topic = new Topic(this, 'AlarmTopic', {
      topicName: `${props.namePrefix}-alarms`,
      enforceSSL: true,
    });
    if (props.config.alarmEmail !== undefined) {
      this.topic.addSubscription(
        new EmailSubscription(props.config.alarmEmail),
      );
    }
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notices carry only alarm names and thresholds, and ' +
        'CloudWatch cannot publish to a topic under the AWS-managed SNS key.',
    });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.namePrefix,
    });

    this.addApiAlarms();
    this.addFunctionAlarms();
    this.addCredentialsAlarm();
    this.addApiWidgets();
    this.addFunctionWidgets();
    this.addQueries();
  }

  /** Alarms and dashboard widgets for the write-behind queues. */
  public addQueues(queue: IQueue, deadLetterQueue: IQueue): void {
    const oldest = queue.metricApproximateAgeOfOldestMessage({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    });
    const deadLetters =
      deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      });

    this.alarm('DeadLetters', {
      metric: deadLetters,
      threshold: 0,
      description:
        'A queued client write failed for good and waits in the ' +
        'dead-letter queue; replay it once the cause is fixed.',
    });
    this.alarm('QueueAge', {
      metric: oldest,
      threshold: this.props.config.sync.oldestMessageAlarmSeconds,
      description:
        'Queued client writes are not being applied; ClientTether may ' +
        'be down or rejecting the credentials.',
    });

    this.dashboard.addWidgets(
      new TextWidget({ markdown: '## Write-behind queue', width: 24 }),
      graph('Queued writes', [
        queue.metricApproximateNumberOfMessagesVisible(),
        queue.metricApproximateNumberOfMessagesNotVisible(),
        queue.metricNumberOfMessagesSent({ statistic: 'Sum' }),
      ]),
      graph('Oldest queued write (s)', [oldest]),
      graph('Dead letters', [deadLetters]),
    );
  }

  private addApiAlarms(): void {
    const { api, config } = this.props;

    this.alarm('Api5xxRate', {
      metric: api.metricServerError({
        period: Duration.minutes(5),
        statistic: 'Average',
      }),
      threshold: SERVER_ERROR_RATE,
      description: `More than ${SERVER_ERROR_RATE * 100}% of requests got a 5xx.`,
    });
    this.alarm('ApiLatencyP99', {
      metric: api.metricLatency({
        period: Duration.minutes(5),
        statistic: 'p99',
      }),
      threshold: config.latencyBudgetMs,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description:
        `API p99 latency is above ${config.latencyBudgetMs} ms; ` +
        'callers wait on the line for it.',
    });
  }

  private addFunctionAlarms(): void {
    for (const fn of this.props.functions) {
      const prefix = pascalCase(fn.name);

      this.alarm(`${prefix}Errors`, {
        metric: fn.function.metricErrors({
          period: Duration.minutes(5),
          statistic: 'Sum',
        }),
        threshold: 0,
        description: `The ${fn.name} function failed without an answer.`,
      });
      this.alarm(`${prefix}Throttles`, {
        metric: fn.function.metricThrottles({
          period: Duration.minutes(5),
          statistic: 'Sum',
        }),
        threshold: 0,
        description: `The ${fn.name} function was throttled.`,
      });
    }
  }

  /** ClientTether changes the token by itself; an operator must act. */
  private addCredentialsAlarm(): void {
    const metricName = `CredentialsRejected-${this.props.namePrefix}`;

    this.props.functions.forEach((fn) => {
      new MetricFilter(this, `${pascalCase(fn.name)}CredentialsRejected`, {
        logGroup: fn.logGroup,
        filterPattern: FilterPattern.stringValue(
          '$.errorCode',
          '=',
          'credentials_rejected',
        ),
        metricNamespace: METRIC_NAMESPACE,
        metricName,
        metricValue: '1',
      });
    });

    this.alarm('CredentialsRejected', {
      metric: this.credentialsRejectedMetric(),
      threshold: 0,
      description:
        'ClientTether rejected the credentials; update the secret with ' +
        'the current access token (see the runbook).',
    });
  }

  private credentialsRejectedMetric(): Metric {
    return new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: `CredentialsRejected-${this.props.namePrefix}`,
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
  }

  private addApiWidgets(): void {
    const { api } = this.props;

    this.dashboard.addWidgets(
      new TextWidget({ markdown: '## API', width: 24 }),
      graph('Requests', [api.metricCount({ statistic: 'Sum' })]),
      graph('4xx and 5xx', [
        api.metricClientError({ statistic: 'Sum' }),
        api.metricServerError({ statistic: 'Sum' }),
      ]),
      graph('Latency (ms)', [
        api.metricLatency({ statistic: 'p50' }),
        api.metricLatency({ statistic: 'p99' }),
        api.metricIntegrationLatency({ statistic: 'p99' }),
      ]),
      graph('Credentials rejected', [this.credentialsRejectedMetric()]),
    );
  }

  private addFunctionWidgets(): void {
    const { functions } = this.props;
    const each = (metric: (fn: IFunction) => IMetric) =>
      functions.map((fn) => metric(fn.function));

    this.dashboard.addWidgets(
      new TextWidget({ markdown: '## Functions', width: 24 }),
      graph(
        'Invocations',
        each((fn) => fn.metricInvocations({ statistic: 'Sum' })),
      ),
      graph(
        'Errors',
        each((fn) => fn.metricErrors({ statistic: 'Sum' })),
      ),
      graph(
        'Duration p99 (ms)',
        each((fn) => fn.metricDuration({ statistic: 'p99' })),
      ),
      graph(
        'Throttles',
        each((fn) => fn.metricThrottles({ statistic: 'Sum' })),
      ),
    );
  }

  private addQueries(): void {
    const logGroups = this.props.functions.map((fn) => fn.logGroup);

    for (const [name, queryString] of Object.entries(savedQueries())) {
      new QueryDefinition(this, `Query-${name}`, {
        queryDefinitionName: `${this.props.namePrefix}/${name}`,
        queryString,
        logGroups,
      });
    }
  }

  /** An alarm above `threshold` that notifies the topic. */
  private alarm(
    id: string,
    options: {
      metric: IMetric;
      threshold: number;
      description: string;
      evaluationPeriods?: number;
      datapointsToAlarm?: number;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: `${this.props.namePrefix}-${id}`,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      datapointsToAlarm: options.datapointsToAlarm,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);

    alarm.addAlarmAction(action);
    alarm.addOkAction(action);

    return alarm;
  }
}

/** A dashboard graph a third of the width. */
function graph(title: string, metrics: IMetric[]): GraphWidget {
  return new GraphWidget({ title, left: metrics, width: 8, height: 6 });
}
