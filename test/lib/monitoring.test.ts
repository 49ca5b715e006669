import { Match } from 'aws-cdk-lib/assertions';
import { buildStacks } from './fixtures';

const built = buildStacks({
  dev: { envName: 'dev', overrides: { alarmEmail: 'ops@example.com' } },
  prod: { envName: 'prod' },
});

/** Alarm properties by the alarm name's part after the prefix. */
function alarmsOf(key: keyof typeof built) {
  const alarms = built[key].template.findResources('AWS::CloudWatch::Alarm');
  const prefix = `clienttether-api-${key}-`;

  return Object.fromEntries(
    Object.values(alarms).map((alarm) => [
      (alarm.Properties.AlarmName as string).slice(prefix.length),
      alarm.Properties,
    ]),
  );
}

describe('Monitoring alarms', () => {
  it('raises an alarm for every failure an operator must act on', () => {
    // Act
    const names = Object.keys(alarmsOf('prod')).sort();

    // Assess
    expect(names).toEqual(
      expect.arrayContaining([
        'Api5xxRate',
        'ApiLatencyP99',
        'CheckClientErrors',
        'CheckClientThrottles',
        'CreateUpdateClientErrors',
        'CreateUpdateClientThrottles',
        'CredentialsRejected',
        'SyncWorkerErrors',
      ]),
    );
    expect(names).not.toContain('DeleteClientErrors');
  });

  it('alarms on a 5xx share of requests, not a count', () => {
    // Act
    const alarm = alarmsOf('prod').Api5xxRate;

    // Assess
    expect(alarm).toMatchObject({
      MetricName: '5XXError',
      Namespace: 'AWS/ApiGateway',
      Statistic: 'Average',
      Threshold: 0.05,
    });
  });

  it('alarms when p99 latency passes the latency budget', () => {
    // Prepare
    const { config } = built.prod;

    // Act
    const alarm = alarmsOf('prod').ApiLatencyP99;

    // Assess
    expect(alarm).toMatchObject({
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: config.latencyBudgetMs,
    });
  });

  it('sends every alarm and its recovery to the alarm topic', () => {
    // Act
    const alarms = Object.values(alarmsOf('prod'));

    // Assess
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([
        { Ref: expect.stringMatching(/^MonitoringAlarmTopic/) },
      ]);
      expect(alarm.OKActions).toEqual(alarm.AlarmActions);
    }
  });

  it('counts credentials_rejected log lines of every function', () => {
    // Prepare
    const filters = built.dev.template.findResources('AWS::Logs::MetricFilter');

    // Act
    const patterns = Object.values(filters).map(
      (filter) => filter.Properties.FilterPattern,
    );

    // Assess
    expect(patterns.length).toBe(4);
    expect(new Set(patterns)).toEqual(
      new Set(['{ $.errorCode = "credentials_rejected" }']),
    );
  });

  it('subscribes the configured e-mail address to the alarms', () => {
    // Assess
    built.dev.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    built.prod.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('Monitoring dashboard and queries', () => {
  it('creates one dashboard for the environment', () => {
    // Assess
    built.prod.template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'clienttether-api-prod',
    });
  });

  it('saves the investigation queries over the function log groups', () => {
    // Prepare
    const queries = built.prod.template.findResources(
      'AWS::Logs::QueryDefinition',
    );

    // Act
    const byName = Object.fromEntries(
      Object.values(queries).map((q) => [
        (q.Properties.Name as string).replace('clienttether-api-prod/', ''),
        q.Properties,
      ]),
    );

    // Assess
    expect(Object.keys(byName).sort()).toEqual([
      'lookups-by-phone-last-four',
      'one-call',
      'slow-upstream-calls',
      'upstream-failures-by-result-code',
      'validation-failures-by-field',
    ]);
    expect(byName['one-call']?.QueryString).toContain('call_id = ');
    expect(byName['one-call']?.QueryString).toContain('request_id = ');
    expect(byName['slow-upstream-calls']?.QueryString).toContain(
      'durationMs > 1000',
    );
    expect(byName['upstream-failures-by-result-code']?.QueryString).toContain(
      'by call, resultCode',
    );
    expect(byName['lookups-by-phone-last-four']?.QueryString).toContain(
      'phoneLast4 = ',
    );
    expect(byName['validation-failures-by-field']?.QueryString).toContain(
      'invalidFields',
    );
    expect(byName['one-call']?.LogGroupNames).toHaveLength(3);
  });

  it('points saved queries at log groups, not a wildcard', () => {
    // Assess
    built.dev.template.hasResourceProperties('AWS::Logs::QueryDefinition', {
      LogGroupNames: Match.arrayWith([
        { Ref: Match.stringLikeRegexp('^Check') },
      ]),
    });
  });
});
