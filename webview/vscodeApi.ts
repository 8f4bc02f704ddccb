/**
 * The handle VS Code gives a webview. `acquireVsCodeApi` may be called once per page, so the
 * app takes it here and passes it around.
 */

/** What the webview may do with VS Code: post messages and keep view state. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  /** View state kept across hide/show and reloads; never file content. */
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The page's VS Code API (the first and only `acquireVsCodeApi` call). */
export function getVsCodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}
