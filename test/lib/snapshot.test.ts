import { buildStacks } from './fixtures';

const built = buildStacks({ prod: { envName: 'prod' } });

/** Replaces asset hashes, which change with every handler edit. */
function normaliseAssets(template: unknown): unknown {
  const text = JSON.stringify(template).replace(
    /[0-9a-f]{64}(\.zip)?/g,
    (_, zip: string | undefined) => `[ASSET HASH]${zip ?? ''}`,
  );

  return JSON.parse(text);
}

describe('ClientTetherApiStack', () => {
  it('synthesises the prod template as recorded', () => {
    // Act
    const template = normaliseAssets(built.prod.template.toJSON());

    // Assess
    expect(template).toMatchSnapshot();
  });
});
