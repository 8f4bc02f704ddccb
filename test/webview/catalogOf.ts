/**
 * Prints the node catalog the host sends with `init` (JSON on stdout), so the webview tests
 * build their inspector forms from the real node definitions. Usage: node --import tsx catalogOf.ts
 */
import { nodeCatalog } from '../../src/extension/editor/catalog';

process.stdout.write(JSON.stringify(nodeCatalog()));
