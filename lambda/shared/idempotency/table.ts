import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const clients = new Map<string, DynamoDBClient>();

/**
 * The DynamoDB client of the idempotency table, created on first use so a
 * handler that never writes does not pay for it. The endpoint and region
 * come from the usual AWS variables; `AWS_ENDPOINT_URL_DYNAMODB` points
 * the local server and the tests at a server on loopback, and a client is
 * kept per endpoint so a new local server never reuses a closed one.
 */
export function tableClient(): DynamoDBClient {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '';
  let client = clients.get(endpoint);
  if (!client) {
    client = new DynamoDBClient({});
    clients.set(endpoint, client);
  }

  return client;
}
