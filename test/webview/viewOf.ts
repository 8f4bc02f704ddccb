/**
 * Prints the document view the host would send for a workflow file (JSON on stdout), so the
 * webview tests draw exactly what the real host computes. Usage: node --import tsx viewOf.ts FILE
 */
import { readFileSync } from 'node:fs';
import { analyzeDocument } from '../../src/extension/editor/documentView';

const file = process.argv[2];
if (!file) throw new Error('usage: viewOf.ts FILE');
process.stdout.write(JSON.stringify(analyzeDocument(readFileSync(file, 'utf8'), file, 1).view));
