import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger of every handler and shared module.
 *
 * Service name and level come from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_LOG_LEVEL, which the stack sets per environment.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'clienttether-api',
});
