import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

/** The idempotency table on a DynamoDB-compatible server on loopback. */
export interface LocalTable {
  endpoint: string;
  tableName: string;
  client: DynamoDBClient;
  close(): Promise<void>;
}

/** Region and placeholder credentials for a server that checks neither. */
export const LOCAL_AWS_SETTINGS = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
} as const;

/**
 * Starts dynalite in memory on a free loopback port and creates a table
 * shaped like the stack's (partition key `id`), so idempotency and caller
 * leases work locally exactly as in Lambda. dynalite has no TTL sweeper;
 * nothing depends on one, since both read their own expiry attributes.
 */
export async function startLocalTable(
  tableName = 'clienttether-api-local-idempotency',
): Promise<LocalTable> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_SETTINGS.AWS_REGION,
    credentials: {
      accessKeyId: LOCAL_AWS_SETTINGS.AWS_ACCESS_KEY_ID,
      secretAccessKey: LOCAL_AWS_SETTINGS.AWS_SECRET_ACCESS_KEY,
    },
  });

  const close = async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  try {
    await createTable(client, tableName);
  } catch (error) {
    await close();
    throw error;
  }

  return {
    endpoint,
    tableName,
    client,
    close,
  };
}

async function createTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
}
