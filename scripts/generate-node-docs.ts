/**
 * Writes docs/nodes.md, the reference of every built-in node type, from the node definitions
 * (`npm run docs:nodes`). The unit test test/unit/docs/nodeReference.unit.test.ts fails when
 * the committed file differs from what this would write, so the docs cannot drift from the code.
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { builtinNodes } from '../src/core/nodes/registry';
import { nodeReferenceMarkdown } from '../src/core/nodes/reference';

const target = join(__dirname, '..', 'docs', 'nodes.md');
writeFileSync(target, nodeReferenceMarkdown(builtinNodes));
console.log(`wrote ${relative(process.cwd(), target)} (${builtinNodes.length} node types)`);
