import { ConfigurationError } from '../../../lambda/shared/clienttether/errors';
import { readSettings } from '../../../lambda/shared/settings';

describe('readSettings', () => {
  it('returns the defaults for an empty environment', () => {
    // Act
    const settings = readSettings({});

    // Assess
    expect(settings.secretId).toBeUndefined();
    expect(settings).toMatchObject({
      baseUrl: 'https://api.clienttether.com/v2/api',
      postEncoding: 'query',
      deadlineMs: 5000,
      deleteEnabled: false,
      secretMaxAgeSeconds: 300,
      requestTimeoutMs: 3000,
    });
  });

  it('returns every value the environment sets', () => {
    // Prepare
    const env = {
      CLIENTTETHER_BASE_URL: 'http://127.0.0.1:4010/v2/api/',
      CLIENTTETHER_POST_ENCODING: 'JSON',
      HANDLER_DEADLINE_MS: '2500',
      DELETE_CLIENT_ENABLED: 'true',
      CLIENTTETHER_SECRET_ID: 'arn:aws:secretsmanager:us-west-2:1:secret:ct',
      CLIENTTETHER_SECRET_MAX_AGE_SECONDS: '60',
      CLIENTTETHER_REQUEST_TIMEOUT_MS: '1500',
    };

    // Act
    const settings = readSettings(env);

    // Assess
    expect(settings).toMatchObject({
      baseUrl: 'http://127.0.0.1:4010/v2/api',
      postEncoding: 'json',
      deadlineMs: 2500,
      deleteEnabled: true,
      secretId: 'arn:aws:secretsmanager:us-west-2:1:secret:ct',
      secretMaxAgeSeconds: 60,
      requestTimeoutMs: 1500,
    });
  });

  it('treats empty values as unset', () => {
    // Act
    const settings = readSettings({
      CLIENTTETHER_SECRET_ID: '  ',
      HANDLER_DEADLINE_MS: '',
    });

    // Assess
    expect(settings.secretId).toBeUndefined();
    expect(settings.deadlineMs).toBe(5000);
  });

  it.each([
    ['CLIENTTETHER_BASE_URL', 'not a url'],
    ['CLIENTTETHER_BASE_URL', 'ftp://example.com/v2/api'],
    ['CLIENTTETHER_BASE_URL', 'https://example.com/v2/api?token=s3cr3t'],
    ['CLIENTTETHER_POST_ENCODING', 'form'],
    ['HANDLER_DEADLINE_MS', 'soon'],
    ['HANDLER_DEADLINE_MS', '0'],
    ['HANDLER_DEADLINE_MS', '-5'],
    ['HANDLER_DEADLINE_MS', '1.5'],
    ['DELETE_CLIENT_ENABLED', 'yes'],
    ['CLIENTTETHER_SECRET_MAX_AGE_SECONDS', 'five'],
    ['CLIENTTETHER_REQUEST_TIMEOUT_MS', '0'],
  ])('throws ConfigurationError naming %s for %p', (name, value) => {
    // Act
    const reading = () => readSettings({ [name]: value });

    // Assess
    expect(reading).toThrow(ConfigurationError);
    expect(reading).toThrow(name);
  });

  it('never echoes the invalid value', () => {
    // Prepare
    let message = '';

    // Act
    try {
      readSettings({ CLIENTTETHER_BASE_URL: 'https://h/x?token=s3cr3t' });
    } catch (error) {
      message = (error as Error).message;
    }

    // Assess
    expect(message).toContain('CLIENTTETHER_BASE_URL');
    expect(message).not.toContain('s3cr3t');
  });
});
