// A fake editor host for the built webview (dist/webview.js): serves it in Chromium under the
// same kind of CSP the real host uses, records what the webview posts and answers like the host.
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = new URL('../..', import.meta.url).pathname;
const ORIGIN = 'https://webview.test';
const NONCE = 'dGVzdC1ub25jZQ';
export const SCREENSHOTS = join(ROOT, 'test/webview/screenshots');

/** The view the real host computes for a file (through src/extension/editor/documentView.ts). */
export function viewOf(file) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/webview/viewOf.ts'), join(ROOT, file)], { cwd: ROOT });
  return JSON.parse(out.toString());
}

// The subset of VS Code's theme variables the canvas uses, as VS Code's Light+ / Dark+ set them.
const THEMES = {
  dark: {
    'editor-background': '#1e1e1e', 'editor-foreground': '#d4d4d4', 'foreground': '#cccccc',
    'editorWidget-background': '#252526', 'editorWidget-foreground': '#cccccc', 'editorWidget-border': '#454545',
    'descriptionForeground': '#9d9d9d', 'focusBorder': '#007fd4', 'panel-border': '#80808059',
    'editorLineNumber-foreground': '#858585', 'editorIndentGuide-background': '#404040', 'errorForeground': '#f48771',
    'button-background': '#0e639c', 'button-foreground': '#ffffff', 'widget-shadow': '#0000005c',
  },
  light: {
    'editor-background': '#ffffff', 'editor-foreground': '#000000', 'foreground': '#616161',
    'editorWidget-background': '#f3f3f3', 'editorWidget-foreground': '#616161', 'editorWidget-border': '#c8c8c8',
    'descriptionForeground': '#717171', 'focusBorder': '#0090f1', 'panel-border': '#80808059',
    'editorLineNumber-foreground': '#6e7681', 'editorIndentGuide-background': '#d3d3d3', 'errorForeground': '#a1260d',
    'button-background': '#007acc', 'button-foreground': '#ffffff', 'widget-shadow': '#00000029',
    'charts-green': '#388a34', 'charts-blue': '#1a85ff', 'charts-purple': '#652d90', 'charts-yellow': '#bf8803',
    'charts-orange': '#d18616', 'charts-red': '#e51400', 'charts-foreground': '#616161',
  },
};

function themeCss(theme) {
  const vars = Object.entries(THEMES[theme]).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ');
  return `html { ${vars} --vscode-font-family: sans-serif; --vscode-font-size: 13px; }`;
}

const STUB = `
  window.__posted = [];
  window.__state = undefined;
  window.acquireVsCodeApi = () => ({
    postMessage(message) { window.__posted.push(message); window.__toHost(message); },
    getState() { return window.__state; },
    setState(state) { window.__state = state; },
  });`;

function page(theme) {
  return `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${ORIGIN} data:; font-src ${ORIGIN}; style-src ${ORIGIN}; script-src 'nonce-${NONCE}'">
<link rel="stylesheet" href="${ORIGIN}/theme-${theme}.css"><link rel="stylesheet" href="${ORIGIN}/webview.css">
</head><body><div id="root"></div>
<script nonce="${NONCE}" src="${ORIGIN}/stub.js"></script>
<script nonce="${NONCE}" src="${ORIGIN}/webview.js"></script></body></html>`;
}

/**
 * Opens the webview with a fake host. `respond(message)` returns the host's reply to a request
 * (default: success without a view); `initial` is the view sent as `init`.
 */
export async function openWebview({ initial, theme = 'dark', respond } = {}) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const p = await context.newPage();
  const errors = [];
  p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  p.on('pageerror', (e) => errors.push(String(e)));
  const received = [];
  await p.exposeFunction('__toHost', async (message) => {
    received.push(message);
    if (message.type === 'ready') await host.post({ type: 'init', view: initial });
    else if (typeof message.requestId === 'number') {
      const reply = respond?.(message) ?? {};
      await host.post({ type: 'response', requestId: message.requestId, ok: true, ...reply });
    }
  });
  await p.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const files = {
      '/index.html': [page(theme), 'text/html'],
      '/stub.js': [STUB, 'text/javascript'],
      [`/theme-${theme}.css`]: [themeCss(theme), 'text/css'],
      '/webview.js': [readFileSync(join(ROOT, 'dist/webview.js')), 'text/javascript'],
      '/webview.css': [readFileSync(join(ROOT, 'dist/webview.css')), 'text/css'],
    };
    const file = files[path];
    return file ? route.fulfill({ body: file[0], contentType: file[1] }) : route.fulfill({ status: 404, body: '' });
  });
  const host = {
    page: p,
    received,
    errors,
    /** Messages the webview posted that are requests (edits, openAsText). */
    requests: () => received.filter((m) => typeof m.requestId === 'number'),
    post: (message) => p.evaluate((m) => window.postMessage(m, '*'), message),
    screenshot: async (name) => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await p.screenshot({ path: join(SCREENSHOTS, name) });
    },
    close: () => browser.close(),
  };
  await p.goto(`${ORIGIN}/index.html`);
  return host;
}
