/**
 * The editor's HTML page. A strict Content-Security-Policy: scripts only with this page's nonce
 * (and only our bundle carries it), styles only from the extension's dist/, nothing fetched
 * from the network. Free of `vscode` so the same page can be checked outside VS Code.
 */
import { randomBytes } from 'node:crypto';

/** Where the page's resources are and which source the webview allows. */
export interface EditorHtmlOptions {
  /** `webview.cspSource`: the origin of resources under `localResourceRoots`. */
  cspSource: string;
  /** Webview URI of dist/webview.js. */
  scriptUri: string;
  /** Webview URI of dist/webview.css. */
  styleUri: string;
  /** One per page load; see `newNonce`. */
  nonce: string;
}

/**
 * The only folders of the extension the webview may load from (`localResourceRoots`): the
 * bundles, their stylesheet and the codicon font esbuild copies beside them. Nothing else of the
 * extension (sources, examples, the user's files) is reachable from the page.
 */
export const LOCAL_RESOURCE_FOLDERS: readonly string[] = ['dist'];

/** A fresh random nonce for a script tag. */
export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The Content-Security-Policy of the page. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    // The codicon font, bundled into dist/ beside the stylesheet that names it.
    `font-src ${cspSource}`,
    // React Flow positions nodes with style attributes set from script (CSSOM), which CSP
    // allows without 'unsafe-inline'; stylesheets themselves come only from dist/.
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** The full HTML document of the workflow editor. */
export function editorHtml(options: EditorHtmlOptions): string {
  const { cspSource, scriptUri, styleUri, nonce } = options;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(styleUri)}">
<title>Workflow</title>
</head>
<body>
<div id="root"></div>
<script nonce="${attr(nonce)}" src="${attr(scriptUri)}"></script>
</body>
</html>
`;
}
