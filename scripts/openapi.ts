import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { OPENAPI_FILE, renderOpenApiDocument } from './openapi-document';

/** Writes docs/openapi.json from the handlers' zod schemas. */
function main(): void {
  const file = path.join(__dirname, '..', OPENAPI_FILE);
  const rendered = renderOpenApiDocument();

  if (readExisting(file) === rendered) {
    console.log(`${OPENAPI_FILE} is up to date`);
    return;
  }

  writeFileSync(file, rendered);
  console.log(`Wrote ${OPENAPI_FILE}`);
}

function readExisting(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

main();
