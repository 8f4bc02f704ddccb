// A fake editor host for the built webview (dist/webview.js): serves it in Chromium under the
// same kind of CSP the real host uses, records what the webview posts and answers like the host.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = new URL('../..', import.meta.url).pathname;
const ORIGIN = 'https://webview.test';
const NONCE = 'dGVzdC1ub25jZQ';
export const SCREENSHOTS = join(ROOT, 'test/webview/screenshots');
/** The built webview; WEBVIEW_DIST points elsewhere (e.g. another revision's build, to compare). */
const DIST = process.env.WEBVIEW_DIST ?? join(ROOT, 'dist');

/** The view the real host computes for a file (through src/extension/editor/documentView.ts). */
export function viewOf(file) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/webview/viewOf.ts'), join(ROOT, file)], { cwd: ROOT });
  return JSON.parse(out.toString());
}

// The subset of VS Code's theme variables the canvas, inspector and run overlay use, with the
// values of Dark+ / Light+ / Default High Contrast / Default High Contrast Light (from VS Code's
// color registry). A color VS Code leaves null in a theme (e.g. widget.shadow in high contrast,
// contrastBorder outside it) is absent here too, as it is from a real webview, so the CSS
// fallbacks are exercised exactly where VS Code exercises them.
const THEMES = {
  dark: {
    'editor-background': '#1e1e1e', 'editor-foreground': '#d4d4d4', 'foreground': '#cccccc',
    'editorWidget-background': '#252526', 'editorWidget-foreground': '#cccccc', 'editorWidget-border': '#454545',
    'descriptionForeground': '#ccccccb3', 'focusBorder': '#007fd4', 'panel-border': '#80808059',
    'editorLineNumber-foreground': '#858585', 'editorIndentGuide-background': '#404040', 'errorForeground': '#f48771',
    'button-background': '#0e639c', 'button-foreground': '#ffffff', 'button-hoverBackground': '#1177bb', 'widget-shadow': '#0000005c',
    'button-secondaryBackground': '#3a3d41', 'button-secondaryForeground': '#ffffff',
    'input-background': '#3c3c3c', 'input-foreground': '#cccccc', 'input-placeholderForeground': '#a6a6a6',
    'dropdown-background': '#3c3c3c', 'dropdown-foreground': '#f0f0f0', 'dropdown-border': '#3c3c3c',
    'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100',
    'list-hoverBackground': '#2a2d2e', 'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff',
    'toolbar-hoverBackground': '#5a5d5e50', 'badge-background': '#4d4d4d', 'badge-foreground': '#ffffff',
    'textLink-foreground': '#3794ff', 'textCodeBlock-background': '#0a0a0a66', 'sideBar-background': '#252526',
    'charts-green': '#89d185', 'charts-blue': '#3794ff', 'charts-purple': '#b180d7', 'charts-yellow': '#cca700',
    'charts-orange': '#d18616', 'charts-red': '#f14c4c', 'charts-foreground': '#cccccc', 'charts-lines': '#cccccc80',
    'testing-iconPassed': '#73c991', 'testing-iconFailed': '#f14c4c', 'testing-iconQueued': '#cca700', 'testing-iconSkipped': '#848484',
    'progressBar-background': '#0e70c0', 'scrollbarSlider-background': '#79797966',
  },
  light: {
    'editor-background': '#ffffff', 'editor-foreground': '#000000', 'foreground': '#616161',
    'editorWidget-background': '#f3f3f3', 'editorWidget-foreground': '#616161', 'editorWidget-border': '#c8c8c8',
    'descriptionForeground': '#717171', 'focusBorder': '#0090f1', 'panel-border': '#80808059',
    'editorLineNumber-foreground': '#6e7681', 'editorIndentGuide-background': '#d3d3d3', 'errorForeground': '#a1260d',
    'button-background': '#007acc', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0062a3', 'widget-shadow': '#00000029',
    'button-secondaryBackground': '#5f6a79', 'button-secondaryForeground': '#ffffff',
    'input-background': '#ffffff', 'input-foreground': '#616161', 'input-placeholderForeground': '#767676', 'input-border': '#cecece',
    'dropdown-background': '#ffffff', 'dropdown-foreground': '#616161', 'dropdown-border': '#cecece',
    'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100',
    'list-hoverBackground': '#e8e8e8', 'list-activeSelectionBackground': '#0060c0', 'list-activeSelectionForeground': '#ffffff',
    'toolbar-hoverBackground': '#b8b8b850', 'badge-background': '#c4c4c4', 'badge-foreground': '#333333',
    'textLink-foreground': '#006ab1', 'textCodeBlock-background': '#dcdcdc66', 'sideBar-background': '#f3f3f3',
    'charts-green': '#388a34', 'charts-blue': '#1a85ff', 'charts-purple': '#652d90', 'charts-yellow': '#bf8803',
    'charts-orange': '#d18616', 'charts-red': '#e51400', 'charts-foreground': '#616161', 'charts-lines': '#61616180',
    'testing-iconPassed': '#388a34', 'testing-iconFailed': '#e51400', 'testing-iconQueued': '#bf8803', 'testing-iconSkipped': '#848484',
    'progressBar-background': '#0e70c0', 'scrollbarSlider-background': '#64646466',
  },
  'high-contrast': {
    'editor-background': '#000000', 'editor-foreground': '#ffffff', 'foreground': '#ffffff',
    'editorWidget-background': '#0c141f', 'editorWidget-foreground': '#ffffff', 'editorWidget-border': '#6fc3df',
    'descriptionForeground': '#ffffffb3', 'focusBorder': '#f38518', 'panel-border': '#6fc3df',
    'contrastBorder': '#6fc3df', 'contrastActiveBorder': '#f38518',
    'editorLineNumber-foreground': '#ffffff', 'editorIndentGuide-background': '#e3e4e229', 'errorForeground': '#f48771',
    'button-foreground': '#ffffff', 'button-border': '#6fc3df', 'button-secondaryForeground': '#ffffff',
    'input-background': '#000000', 'input-foreground': '#ffffff', 'input-border': '#6fc3df', 'input-placeholderForeground': '#ffffffb3',
    'dropdown-background': '#000000', 'dropdown-foreground': '#ffffff', 'dropdown-border': '#6fc3df',
    'inputValidation-errorBackground': '#000000', 'inputValidation-errorBorder': '#6fc3df',
    'list-activeSelectionBackground': '#000000', 'list-hoverBackground': '#000000',
    'list-focusOutline': '#f38518', 'list-hoverOutline': '#f38518', 'toolbar-hoverOutline': '#f38518',
    'badge-background': '#000000', 'badge-foreground': '#ffffff',
    'textLink-foreground': '#21a6ff', 'textCodeBlock-background': '#000000', 'sideBar-background': '#000000',
    'charts-green': '#89d185', 'charts-blue': '#3794ff', 'charts-purple': '#b180d7', 'charts-yellow': '#ffd370',
    'charts-orange': '#ab5a00', 'charts-red': '#f48771', 'charts-foreground': '#ffffff', 'charts-lines': '#ffffff80',
    'testing-iconPassed': '#73c991', 'testing-iconFailed': '#f14c4c', 'testing-iconQueued': '#cca700', 'testing-iconSkipped': '#848484',
    'scrollbarSlider-background': '#6fc3df99',
  },
  'high-contrast-light': {
    'editor-background': '#ffffff', 'editor-foreground': '#292929', 'foreground': '#292929',
    'editorWidget-background': '#ffffff', 'editorWidget-foreground': '#292929', 'editorWidget-border': '#0f4a85',
    'descriptionForeground': '#292929b3', 'focusBorder': '#006bbd', 'panel-border': '#0f4a85',
    'contrastBorder': '#0f4a85', 'contrastActiveBorder': '#006bbd',
    'editorLineNumber-foreground': '#292929', 'editorIndentGuide-background': '#cccccc', 'errorForeground': '#b5200d',
    'button-background': '#0f4a85', 'button-foreground': '#ffffff', 'button-border': '#0f4a85', 'button-secondaryForeground': '#292929',
    'input-background': '#ffffff', 'input-foreground': '#292929', 'input-border': '#0f4a85', 'input-placeholderForeground': '#292929b3',
    'dropdown-background': '#ffffff', 'dropdown-foreground': '#292929', 'dropdown-border': '#0f4a85',
    'inputValidation-errorBackground': '#ffffff', 'inputValidation-errorBorder': '#0f4a85',
    'list-activeSelectionBackground': '#0f4a851a', 'list-hoverBackground': '#ffffff',
    'list-focusOutline': '#006bbd', 'list-hoverOutline': '#006bbd', 'toolbar-hoverOutline': '#006bbd',
    'badge-background': '#0f4a85', 'badge-foreground': '#ffffff',
    'textLink-foreground': '#0f4a85', 'textCodeBlock-background': '#f2f2f2', 'sideBar-background': '#ffffff',
    'charts-green': '#374e06', 'charts-blue': '#1a85ff', 'charts-purple': '#652d90', 'charts-yellow': '#895503',
    'charts-orange': '#0f4a85', 'charts-red': '#b5200d', 'charts-foreground': '#292929', 'charts-lines': '#29292980',
    'testing-iconPassed': '#388a34', 'testing-iconFailed': '#b5200d', 'testing-iconQueued': '#895503', 'testing-iconSkipped': '#848484',
    'scrollbarSlider-background': '#0f4a8566',
  },
};

/** Theme names the harness knows, as `openWebview({ theme })` takes them. */
export const THEME_NAMES = Object.keys(THEMES);

/** The class VS Code puts on a webview's body for each kind of theme. */
const BODY_CLASSES = {
  dark: 'vscode-dark',
  light: 'vscode-light',
  'high-contrast': 'vscode-high-contrast',
  // VS Code keeps `vscode-high-contrast` on high-contrast light themes too, for compatibility.
  'high-contrast-light': 'vscode-high-contrast-light vscode-high-contrast',
};

// VS Code's own default styles of every webview (its @layer vscode-default, abridged): the
// canvas must look right on top of them, e.g. override the body's 20px side padding.
const VSCODE_DEFAULT_STYLES = `@layer vscode-default {
  body { background-color: transparent; color: var(--vscode-editor-foreground); font-family: var(--vscode-font-family);
    font-weight: var(--vscode-font-weight); font-size: var(--vscode-font-size); margin: 0; padding: 0 20px; }
  a, a code { color: var(--vscode-textLink-foreground); }
  a:focus, input:focus, select:focus, textarea:focus { outline: 1px solid -webkit-focus-ring-color; outline-offset: -1px; }
}`;

function themeCss(theme) {
  const vars = Object.entries(THEMES[theme]).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ');
  return `html { ${vars} --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-font-weight: normal;
  --vscode-editor-font-family: monospace; --vscode-editor-font-size: 13px; }\n${VSCODE_DEFAULT_STYLES}`;
}

const stub = (state) => `
  window.__posted = [];
  window.__state = ${JSON.stringify(state) ?? 'undefined'};
  window.acquireVsCodeApi = () => ({
    postMessage(message) { window.__posted.push(message); window.__toHost(message); },
    getState() { return window.__state; },
    setState(state) { window.__state = state; },
  });
  // VS Code's webview frame keeps undo / redo from the page (no native undo of an input's text)
  // and runs the workbench's undo instead, on the document.
  window.addEventListener('keydown', (e) => {
    const key = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && (key === 'z' || key === 'y')) e.preventDefault();
    // Other keys go to the workbench too; its Select All comes back a moment later as
    // execCommand('selectAll') in the page.
    if ((e.ctrlKey || e.metaKey) && key === 'a' && !e.defaultPrevented) setTimeout(() => document.execCommand('selectAll'), 40);
  });`;

function page(theme) {
  return `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${ORIGIN} data:; font-src ${ORIGIN}; style-src ${ORIGIN}; script-src 'nonce-${NONCE}'">
<link rel="stylesheet" href="${ORIGIN}/theme-${theme}.css"><link rel="stylesheet" href="${ORIGIN}/webview.css">
</head><body class="${BODY_CLASSES[theme]}" data-vscode-theme-kind="${BODY_CLASSES[theme].split(' ')[0]}"><div id="root"></div>
<script nonce="${NONCE}" src="${ORIGIN}/stub.js"></script>
<script nonce="${NONCE}" src="${ORIGIN}/webview.js"></script></body></html>`;
}

const CONTENT_TYPES = { '.css': 'text/css', '.js': 'text/javascript', '.ttf': 'font/ttf', '.woff2': 'font/woff2', '.svg': 'image/svg+xml', '.png': 'image/png' };

function distFile(path) {
  const file = join(DIST, normalize(path).replace(/^[/\\]+/, ''));
  if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) return undefined;
  return [readFileSync(file), CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'];
}

/**
 * Opens the webview with a fake host. `respond(message)` returns the host's reply to a request
 * (default: success with an empty reply, so an edit answers without a view) or `{ ok: false, error }`; `initial` is the view sent as `init`, with `catalog`.
 * `initScript` runs in the page before any of its scripts (benchmarks install probes with it);
 * `state` is what `getState()` returns at first (view state saved by an earlier page);
 * `beforeLoad(page)` runs before the page loads (e.g. to start CDP metrics).
 * Every request to another origin than the page's is refused and listed in `externalRequests`.
 */
export async function openWebview({ initial, catalog = [], theme = 'dark', respond, viewport = { width: 1280, height: 720 }, initScript, state, beforeLoad } = {}) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
  const externalRequests = [];
  // Registered first, so the page's own route below takes precedence for its origin.
  await context.route('**/*', (route) => {
    externalRequests.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const p = await context.newPage();
  if (initScript) await p.addInitScript(initScript);
  const errors = [];
  p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  p.on('pageerror', (e) => errors.push(String(e)));
  const received = [];
  await p.exposeFunction('__toHost', async (message) => {
    received.push(message);
    if (message.type === 'ready') await host.post({ type: 'init', view: initial, catalog });
    else if (typeof message.requestId === 'number') {
      // `respond` may be async (a host that applies edits in a child process); it refuses a
      // request by answering `{ ok: false, error }`.
      const answer = (await respond?.(message)) ?? {};
      await host.post(
        answer.ok === false
          ? { type: 'response', requestId: message.requestId, ok: false, error: answer.error }
          : { type: 'response', requestId: message.requestId, ok: true, reply: answer },
      );
    }
  });
  await p.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const files = {
      '/index.html': [page(theme), 'text/html'],
      '/stub.js': [stub(state), 'text/javascript'],
      [`/theme-${theme}.css`]: [themeCss(theme), 'text/css'],
      '/webview.js': [readFileSync(join(DIST, 'webview.js')), 'text/javascript'],
      '/webview.css': [readFileSync(join(DIST, 'webview.css')), 'text/css'],
    };
    // Anything else the page asks for (a font the stylesheet names) comes from dist/, the only
    // local resource root of the real webview.
    const file = files[path] ?? distFile(path);
    return file ? route.fulfill({ body: file[0], contentType: file[1] }) : route.fulfill({ status: 404, body: '' });
  });
  const host = {
    page: p,
    received,
    errors,
    /** URLs the page tried to load from anywhere but its own origin (all refused). */
    externalRequests,
    /** Messages the webview posted that are requests (edits, openAsText). */
    requests: () => received.filter((m) => typeof m.requestId === 'number'),
    // As JSON text: Playwright's own serialization of a large argument (a 1,000-node view) costs
    // the page hundreds of milliseconds that VS Code's postMessage does not.
    post: (message) => p.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(message)),
    screenshot: async (name) => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await p.screenshot({ path: join(SCREENSHOTS, name) });
    },
    close: () => browser.close(),
  };
  await beforeLoad?.(p);
  await p.goto(`${ORIGIN}/index.html`);
  return host;
}
