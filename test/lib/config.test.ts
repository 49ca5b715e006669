import { environments, loadConfig } from '../../lib/config';

describe('loadConfig', () => {
  it('returns the configuration of a known environment', () => {
    // Act
    const config = loadConfig('staging');

    // Assess
    expect(config).toBe(environments.staging);
  });

  it('throws naming the known environments for an unknown one', () => {
    // Act
    const load = () => loadConfig('qa');

    // Assess
    expect(load).toThrow('Unknown environment "qa"; known: dev, staging, prod');
  });

  it('throws for a name inherited from Object rather than configured', () => {
    // Act
    const load = () => loadConfig('toString');

    // Assess
    expect(load).toThrow('Unknown environment');
  });

  it('returns prod with delete switched off and its data retained', () => {
    // Act
    const config = loadConfig('prod');

    // Assess
    expect(config.deleteEnabled).toBe(false);
    expect(config.retainData).toBe(true);
  });

  it.each(Object.keys(environments))(
    'returns %s with a deadline inside the Bland node timeout',
    (name) => {
      // Act
      const config = loadConfig(name);

      // Assess
      expect(config.handlerDeadlineMs).toBeGreaterThan(0);
      expect(config.handlerDeadlineMs).toBeLessThanOrEqual(8000);
    },
  );
});
