import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

let client: DynamoDBClient | undefined;

/**
 * The one DynamoDB client of the idempotency table, created on first use
 * so a handler that never writes does not pay for it. The endpoint and
 * region come from the usual AWS variables (`AWS_ENDPOINT_URL_DYNAMODB`
 * points the local server and the tests at a server on loopback).
 */
export function tableClient(): DynamoDBClient {
  client ??= new DynamoDBClient({});

  return client;
}
