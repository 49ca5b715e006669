import {
  type AttributeValue,
  DeleteItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import {
  LOCAL_AWS_SETTINGS,
  type LocalTable as ServerTable,
  startLocalTable as startServerTable,
} from '../../local/local-table';

/** The local server's table, with what tests need to look inside it. */
export interface LocalTable extends ServerTable {
  /** Every item, as stored. */
  items(): Promise<Record<string, unknown>[]>;
  /** Deletes every item. */
  clear(): Promise<void>;
}

/** The environment that points the AWS SDK at a local table. */
export function localAwsEnvironment(endpoint: string): Record<string, string> {
  return { ...LOCAL_AWS_SETTINGS, AWS_ENDPOINT_URL_DYNAMODB: endpoint };
}

/** Starts dynalite with the idempotency table, as the local server does. */
export async function startLocalTable(tableName: string): Promise<LocalTable> {
  const table = await startServerTable(tableName);
  const items = async () => {
    const scan = await table.client.send(
      new ScanCommand({ TableName: tableName }),
    );

    return scan.Items ?? [];
  };

  return {
    ...table,
    items: async () => (await items()) as Record<string, unknown>[],
    clear: async () => {
      for (const item of await items()) {
        await table.client.send(
          new DeleteItemCommand({
            TableName: tableName,
            Key: { id: item.id as AttributeValue },
          }),
        );
      }
    },
  };
}

/** The table of one test file; `table` is set once `beforeAll` ran. */
export interface TableHandle {
  table: LocalTable;
}

/**
 * Gives a test file its own idempotency table, emptied before each test.
 * Call it before `useHandlerEnvironment`, so the handlers' environment
 * (saved and restored there) already points at the table.
 */
export function useLocalTable(
  tableName: string,
  env: Record<string, string> = {},
): TableHandle {
  const handle = {} as TableHandle;

  beforeAll(async () => {
    handle.table = await startLocalTable(tableName);
    Object.assign(process.env, localAwsEnvironment(handle.table.endpoint), {
      IDEMPOTENCY_TABLE_NAME: tableName,
      ...env,
    });
  });

  beforeEach(async () => {
    await handle.table.clear();
  });

  afterAll(async () => {
    await handle.table.close();
  });

  return handle;
}
