/**
 * The real host's edit logic for the webview tests, as a child process: each line on stdin is a
 * request, each line on stdout its answer (JSON). Requests:
 *   { "id": 1, "op": "open", "text": "…", "file": "x.workflow.json" }  → { view, catalog }
 *   { "id": 2, "op": "edit", "intent": { … } }                          → { ok, view?, created?, error? }
 * It keeps the document text and its version as the real host's TextDocument would, and plans
 * each edit with src/extension/editor/planEdit.ts, so the canvas is tested against what VS
 * Code would really do with its intents. Usage: node --import tsx editorEngine.ts
 */
import { createInterface } from 'node:readline';
import { nodeCatalog } from '../../src/extension/editor/catalog';
import { analyzeDocument } from '../../src/extension/editor/documentView';
import { planEdit } from '../../src/extension/editor/planEdit';
import type { EditIntent } from '../../src/protocol/messages';

let text = '';
let file = 'test.workflow.json';
let version = 1;

function answer(request: { op: string; text?: string; file?: string; intent?: EditIntent }): unknown {
  if (request.op === 'open') {
    text = request.text ?? '';
    file = request.file ?? file;
    version = 1;
    return { view: analyzeDocument(text, file, version).view, catalog: nodeCatalog() };
  }
  if (request.op === 'edit') {
    const plan = planEdit(text, file, request.intent!);
    if (plan.kind === 'refused') return { ok: false, error: plan.error };
    if (plan.kind === 'write') {
      text = plan.text;
      version++;
    }
    return { ok: true, view: analyzeDocument(text, file, version).view, created: plan.kind === 'write' ? plan.created : undefined, text };
  }
  throw new Error(`unknown op ${request.op}`);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const request = JSON.parse(line) as { id: number; op: string };
  let reply: unknown;
  try {
    reply = { id: request.id, result: answer(request) };
  } catch (error) {
    reply = { id: request.id, error: String(error) };
  }
  process.stdout.write(JSON.stringify(reply) + '\n');
});
