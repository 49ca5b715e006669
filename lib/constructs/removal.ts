import { RemovalPolicy } from 'aws-cdk-lib';
import type { EnvironmentConfig } from '../config';

/** RETAIN where the environment keeps its data, DESTROY elsewhere. */
export function removalPolicyFor(
  config: Pick<EnvironmentConfig, 'retainData'>,
): RemovalPolicy {
  return config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}
