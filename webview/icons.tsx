/**
 * Codicons, VS Code's own icon font (@vscode/codicons, bundled into dist/ by esbuild and
 * allowed by the page's `font-src`), so the canvas draws the icons VS Code users know.
 */

/** A decorative codicon; the control or text beside it carries the accessible name. */
export function Codicon({ name, className }: { name: string; className?: string }) {
  return <span className={`codicon codicon-${name}${className ? ` ${className}` : ''}`} aria-hidden="true" />;
}
