// A fake host that edits for real: the webview's intents are planned by the host's own code
// (editorEngine.ts in a child process) against a document text kept here, and the clipboard
// requests read and write a string. Built on harness.mjs (run `npm run build` first).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openWebview } from './harness.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;

function startEngine() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/webview/editorEngine.ts')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map();
  let nextId = 1;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const reply = JSON.parse(line);
    const entry = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error) entry?.reject(new Error(reply.error));
    else entry?.resolve(reply.result);
  });
  return {
    call(request) {
      const id = nextId++;
      child.stdin.write(JSON.stringify({ id, ...request }) + '\n');
      return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
    },
    stop: () => child.kill(),
  };
}

/**
 * Opens the webview on a workflow (`file` relative to the repository, or `text`). The returned
 * host has everything harness.mjs gives, plus `text()` (the document now), `clipboard` (get/set)
 * and `edits()` (the intents the webview sent).
 */
export async function openEditor({ file, text, theme = 'dark', clipboard = '', viewport } = {}) {
  const engine = startEngine();
  const source = text ?? readFileSync(join(ROOT, file), 'utf8');
  const opened = await engine.call({ op: 'open', text: source, file: join(ROOT, file ?? 'examples/test.workflow.json') });
  let documentText = source;
  let clip = clipboard;
  const respond = async (message) => {
    if (message.type === 'edit') {
      const result = await engine.call({ op: 'edit', intent: message.intent });
      if (!result.ok) return { ok: false, error: result.error };
      documentText = result.text;
      return result.created ? { view: result.view, created: result.created } : { view: result.view };
    }
    if (message.type === 'writeClipboard') {
      clip = message.text;
      return {};
    }
    if (message.type === 'readClipboard') return { text: clip };
    return {};
  };
  let host;
  try {
    host = await openWebview({ initial: opened.view, catalog: opened.catalog, theme, respond, ...(viewport ? { viewport } : {}) });
  } catch (error) {
    engine.stop();
    throw error;
  }
  const close = host.close;
  return Object.assign(host, {
    catalog: opened.catalog,
    initialView: opened.view,
    text: () => documentText,
    workflow: () => JSON.parse(documentText),
    clipboard: { get: () => clip, set: (value) => (clip = value) },
    edits: () => host.requests().filter((m) => m.type === 'edit').map((m) => m.intent),
    close: async () => {
      engine.stop();
      await close();
    },
  });
}
