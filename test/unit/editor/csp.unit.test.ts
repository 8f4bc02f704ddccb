import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_RESOURCE_FOLDERS, contentSecurityPolicy, editorHtml, newNonce } from '../../../src/extension/editor/html';

// What `webview.cspSource` looks like in VS Code (desktop and web differ only in the host).
const CSP_SOURCE = 'https://*.vscode-cdn.net';
const ROOT = join(__dirname, '..', '..', '..');

/** The directives of a policy, as a map from name to source list. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    assert.ok(!map.has(name), `directive ${name} appears twice`);
    map.set(name, sources);
  }
  return map;
}

function pageOf(nonce = newNonce()): { html: string; policy: string; nonce: string } {
  const html = editorHtml({
    cspSource: CSP_SOURCE,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css',
    nonce,
  });
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(meta, 'the page carries its CSP in a meta tag');
  return { html, policy: meta[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'), nonce };
}

test('the CSP denies by default and allows only the webview source and the nonce', () => {
  const nonce = 'abc123';
  const policy = directives(contentSecurityPolicy(CSP_SOURCE, nonce));
  assert.deepEqual(policy.get('default-src'), ["'none'"]);
  assert.deepEqual(policy.get('script-src'), [`'nonce-${nonce}'`]);
  assert.deepEqual(policy.get('style-src'), [CSP_SOURCE]);
  assert.deepEqual(policy.get('font-src'), [CSP_SOURCE], 'the codicon font comes from dist/ only');
  assert.deepEqual(policy.get('img-src'), [CSP_SOURCE, 'data:']);
  // Nothing may be fetched, framed, posted or connected to: those fall back to default-src.
  for (const name of ['connect-src', 'frame-src', 'child-src', 'worker-src', 'form-action', 'media-src', 'object-src']) {
    assert.equal(policy.get(name), undefined, `${name} is not opened up`);
  }
});

test('the CSP has no unsafe keywords, wildcards or origins other than the webview source', () => {
  const policy = contentSecurityPolicy(CSP_SOURCE, 'n0nce');
  assert.doesNotMatch(policy, /'unsafe-(inline|eval|hashes)'|'wasm-unsafe-eval'|'strict-dynamic'/);
  for (const [name, sources] of directives(policy)) {
    for (const source of sources) {
      const allowed = source === CSP_SOURCE || source === "'none'" || source === 'data:' || /^'nonce-[A-Za-z0-9+/=]+'$/.test(source);
      assert.ok(allowed, `${name} allows ${source}`);
      assert.notEqual(source, '*', `${name} is not a wildcard`);
      assert.ok(!/^(https?:|http:|ws:|wss:|blob:|filesystem:)$/.test(source), `${name} allows the whole scheme ${source}`);
    }
  }
});

test('the page needs no inline script or style: every script carries the nonce and loads from dist/', () => {
  const { html, nonce } = pageOf();
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  for (const [, attributes, body] of scripts) {
    assert.match(attributes, new RegExp(`nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}"`));
    assert.match(attributes, /src="[^"]+\/dist\/webview\.js"/);
    assert.equal(body.trim(), '', 'no inline script');
  }
  assert.doesNotMatch(html, /<style\b/, 'no inline <style> (style-src has no unsafe-inline)');
  assert.doesNotMatch(html, /\sstyle="/, 'no style attribute');
  assert.doesNotMatch(html, /\son[a-z]+="/, 'no inline event handler');
  assert.match(html, /<link rel="stylesheet" href="[^"]+\/dist\/webview\.css">/);
});

test('a nonce is fresh per page and safe inside the CSP and the attribute', () => {
  const nonces = new Set(Array.from({ length: 50 }, () => newNonce()));
  assert.equal(nonces.size, 50);
  for (const nonce of nonces) {
    assert.match(nonce, /^[A-Za-z0-9+/=]{24}$/);
    assert.ok(Buffer.from(nonce, 'base64').length >= 16, 'at least 128 bits');
  }
});

test('the webview may load from dist/ only, and the provider uses exactly that list', () => {
  assert.deepEqual([...LOCAL_RESOURCE_FOLDERS], ['dist']);
  const provider = readFileSync(join(ROOT, 'src/extension/editor/workflowEditorProvider.ts'), 'utf8');
  assert.match(provider, /localResourceRoots\s*=\s*LOCAL_RESOURCE_FOLDERS\.map\(/);
  assert.match(provider, /webview\.options\s*=\s*\{\s*enableScripts:\s*true,\s*localResourceRoots\s*\}/);
});

test('the bundled stylesheet loads fonts only from beside itself (no remote @import or url())', () => {
  const css = readFileSync(join(ROOT, 'webview/styles.css'), 'utf8');
  assert.doesNotMatch(css, /@import\s+(url\()?["']?(https?:)?\/\//);
  assert.doesNotMatch(css, /url\(\s*["']?(https?:)?\/\//, 'no remote url() in the canvas stylesheet');
});
