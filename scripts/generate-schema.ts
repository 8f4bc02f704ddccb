/**
 * Writes schema/workflow.schema.json (contributed to VS Code through `jsonValidation`) from
 * the zod schema of the file format and the registered node types, and
 * schema/workflow-test.schema.json from the zod schema of workflow test files. Run it with
 * `npm run schema` after changing any of them; unit tests fail while a file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workflowJsonSchemaText } from '../src/core/validation/workflowJsonSchema';
import { testFileJsonSchemaText } from '../src/core/testing/testFileJsonSchema';

export { generateWorkflowJsonSchema, workflowJsonSchemaText } from '../src/core/validation/workflowJsonSchema';

/** Writes the schema file; returns its path. */
export function writeWorkflowJsonSchema(): string {
  const target = fileURLToPath(new URL('../schema/workflow.schema.json', import.meta.url));
  writeFileSync(target, workflowJsonSchemaText());
  return target;
}

/** Writes the schema of workflow test files; returns its path. */
export function writeTestFileJsonSchema(): string {
  const target = fileURLToPath(new URL('../schema/workflow-test.schema.json', import.meta.url));
  writeFileSync(target, testFileJsonSchemaText());
  return target;
}

// Write only when run as a script, so that importing this module has no side effect.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`wrote ${writeWorkflowJsonSchema()}\n`);
  process.stdout.write(`wrote ${writeTestFileJsonSchema()}\n`);
}
