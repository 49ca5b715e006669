import { buildStacks } from './fixtures';

const built = buildStacks({
  dev: { envName: 'dev' },
  noOperator: {
    envName: 'staging',
    overrides: { locations: ['north', 'south', 'east'], operatorKey: false },
  },
});

/** Logical id of each API key by its name. */
function keyIdsByName(key: keyof typeof built): Record<string, string> {
  const keys = built[key].template.findResources('AWS::ApiGateway::ApiKey');

  return Object.fromEntries(
    Object.entries(keys).map(([logicalId, resource]) => [
      resource.Properties.Name as string,
      logicalId,
    ]),
  );
}

/** API_KEY_LOCATIONS of every function, resolved to key logical ids. */
function keyLocationsOf(key: keyof typeof built): unknown[] {
  const functions = built[key].template.findResources('AWS::Lambda::Function');

  return Object.values(functions).map((fn) => {
    const value = fn.Properties.Environment.Variables.API_KEY_LOCATIONS;
    const parts: unknown[] = value['Fn::Join'][1];
    const text = parts
      .map((part) =>
        typeof part === 'string' ? part : (part as { Ref: string }).Ref,
      )
      .join('');

    return JSON.parse(text);
  });
}

describe('ApiKeys', () => {
  it('creates one key per location and the operator key', () => {
    // Act
    const names = Object.keys(keyIdsByName('dev')).sort();

    // Assess
    expect(names).toEqual([
      'clienttether-api-dev-dev-location-1',
      'clienttether-api-dev-dev-location-2',
      'clienttether-api-dev-operator',
    ]);
  });

  it('creates no operator key where none is configured', () => {
    // Act
    const names = Object.keys(keyIdsByName('noOperator')).sort();

    // Assess
    expect(names).toEqual([
      'clienttether-api-staging-east',
      'clienttether-api-staging-north',
      'clienttether-api-staging-south',
    ]);
  });

  it('puts every key in the usage plan, which is tied to the stage', () => {
    // Prepare
    const { template } = built.noOperator;
    const planKeys = template.findResources('AWS::ApiGateway::UsagePlanKey');

    // Act
    const inPlan = Object.values(planKeys)
      .map((planKey) => planKey.Properties.KeyId.Ref as string)
      .sort();

    // Assess
    expect(inPlan).toEqual(Object.values(keyIdsByName('noOperator')).sort());
    for (const planKey of Object.values(planKeys)) {
      expect(planKey.Properties.KeyType).toBe('API_KEY');
    }
  });

  it('passes every function the map from location key id to location', () => {
    // Prepare
    const ids = keyIdsByName('dev');

    // Act
    const maps = keyLocationsOf('dev');

    // Assess
    expect(maps).toHaveLength(4);
    for (const map of maps) {
      expect(map).toEqual({
        [ids['clienttether-api-dev-dev-location-1'] ?? '']: 'dev-location-1',
        [ids['clienttether-api-dev-dev-location-2'] ?? '']: 'dev-location-2',
      });
    }
  });

  it('outputs for every key the command that prints its value', () => {
    // Prepare
    const outputs = built.noOperator.template.findOutputs('*');

    // Act
    const commands = Object.entries(outputs)
      .filter(([id]) => id.startsWith('ApiKey'))
      .map(([, output]) => JSON.stringify(output.Value));

    // Assess
    expect(commands).toHaveLength(3);
    for (const command of commands) {
      expect(command).toContain('aws apigateway get-api-key --api-key ');
      expect(command).toContain('--include-value --query value --output text');
    }
  });
});
