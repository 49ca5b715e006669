import { ApiKey } from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config';
import { pascalCase } from './names';

/** Properties of the environment's API keys. */
export interface ApiKeysProps {
  readonly config: EnvironmentConfig;

  /** Resource name prefix, such as `clienttether-api-dev`. */
  readonly namePrefix: string;
}

/** One API key and whom it belongs to. */
export interface IssuedKey {
  /** Construct-safe name, such as `LocationDevLocation1` or `Operator`. */
  readonly name: string;

  /** The location the key is bound to; unset for the operator key. */
  readonly location?: string;

  readonly key: ApiKey;
}

/**
 * One API key per franchise location, bound to that location, and an
 * optional operator key that may name any location. The keys are not
 * attached to a stage here: the usage plan does that, and a stage link
 * would make every function, which needs the key ids, depend on the API
 * that depends on the functions.
 */
export class ApiKeys extends Construct {
  /** Every issued key, locations first. */
  public readonly keys: readonly IssuedKey[];

  public constructor(scope: Construct, id: string, props: ApiKeysProps) {
    super(scope, id);

    const { config, namePrefix } = props;
    const locationKeys = config.locations.map((location): IssuedKey => {
      const name = `Location${pascalCase(location)}`;
      const key = new ApiKey(this, name, {
        apiKeyName: `${namePrefix}-${location}`,
        description: `Bland agent of location ${location}`,
      });

      return { name, location, key };
    });

    const operatorKeys: IssuedKey[] = config.operatorKey
      ? [
          {
            name: 'Operator',
            key: new ApiKey(this, 'Operator', {
              apiKeyName: `${namePrefix}-operator`,
              description: 'Operator key; may name any location',
            }),
          },
        ]
      : [];

    this.keys = [...locationKeys, ...operatorKeys];
  }

  /**
   * API_KEY_LOCATIONS: a JSON object from each location key's id to its
   * location. The ids are only known at deploy time, so the JSON is
   * assembled around their tokens; the operator key is not in it.
   */
  public locationsByKeyId(): string {
    const pairs = this.keys.flatMap(({ key, location }) =>
      location === undefined
        ? []
        : [`${JSON.stringify(key.keyId)}:${JSON.stringify(location)}`],
    );

    return `{${pairs.join(',')}}`;
  }
}
