import type { AddressInfo } from 'node:net';
import {
  type AttributeValue,
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  ScanCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

/** A DynamoDB-compatible server on loopback with the idempotency table. */
export interface LocalTable {
  endpoint: string;
  tableName: string;
  client: DynamoDBClient;
  /** Every item, as stored. */
  items(): Promise<Record<string, unknown>[]>;
  /** Deletes every item. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** The environment that points the AWS SDK at a local table. */
export function localAwsEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
}

/**
 * Starts dynalite on a free loopback port and creates a table shaped like
 * the stack's: partition key `id`, TTL on `expiration`.
 */
export async function startLocalTable(
  tableName = 'idempotency',
): Promise<LocalTable> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
  await client
    .send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      }),
    )
    .catch(() => undefined);

  const items = async () => {
    const scan = await client.send(new ScanCommand({ TableName: tableName }));

    return scan.Items ?? [];
  };

  return {
    endpoint,
    tableName,
    client,
    items: async () => (await items()) as Record<string, unknown>[],
    clear: async () => {
      for (const item of await items()) {
        await client.send(
          new DeleteItemCommand({
            TableName: tableName,
            Key: { id: item.id as AttributeValue },
          }),
        );
      }
    },
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
