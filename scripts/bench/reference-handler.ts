import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/**
 * The least a Lambda doing our job can do, as the yardstick for cold
 * starts: read the ClientTether secret with Powertools Parameters and make
 * one ClientTether call with it. No validation, logging or error mapping.
 */
export async function handler(
  event: APIGatewayProxyEvent,
): Promise<APIGatewayProxyResult> {
  const secret = await getSecret<{ accessToken: string; webKey: string }>(
    process.env.CLIENTTETHER_SECRET_ID ?? '',
    { transform: 'json' },
  );
  const input = JSON.parse(event.body ?? '{}') as { customer_phone?: string };

  const url = new URL(`${process.env.CLIENTTETHER_BASE_URL}/read_client_exist`);
  url.searchParams.set('phone', input.customer_phone ?? '');
  const response = await fetch(url, {
    headers: {
      'X-Access-Token': secret?.accessToken ?? '',
      'X-Web-Key': secret?.webKey ?? '',
    },
  });
  const body = await response.text();

  return { statusCode: response.status, body };
}
