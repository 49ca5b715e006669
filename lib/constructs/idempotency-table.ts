import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config';
import type { HandlerFunction } from './handler-function';
import { removalPolicyFor } from './removal';

/** Properties of the idempotency table. */
export interface IdempotencyTableProps {
  readonly config: EnvironmentConfig;

  /** Resource name prefix, such as `clienttether-api-dev`. */
  readonly namePrefix: string;
}

/** The item operations of Powertools Idempotency and the caller lease. */
const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

/**
 * The table that remembers answers of write requests and holds the
 * per-caller leases. Its layout is Powertools Idempotency's default: the
 * partition key `id` and the expiry epoch in `expiration`, which DynamoDB's
 * TTL uses to delete records, personal data included, once they lapse.
 */
export class IdempotencyTable extends Construct {
  /** The table. */
  public readonly table: Table;

  private readonly windowSeconds: number;

  public constructor(
    scope: Construct,
    id: string,
    props: IdempotencyTableProps,
  ) {
    super(scope, id);

    this.windowSeconds = props.config.idempotencyWindowSeconds;
    this.table = new Table(this, 'Table', {
      tableName: `${props.namePrefix}-idempotency`,
      partitionKey: { name: 'id', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiration',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: removalPolicyFor(props.config),
    });
  }

  /** Lets `fn` use the table and tells it where the table is. */
  public grantTo(fn: HandlerFunction): void {
    this.table.grant(fn.role, ...ITEM_ACTIONS);
    fn.function.addEnvironment('IDEMPOTENCY_TABLE_NAME', this.table.tableName);
    fn.function.addEnvironment(
      'IDEMPOTENCY_WINDOW_SECONDS',
      String(this.windowSeconds),
    );
  }
}
