/** LiteGraph's node `mode` (also used by ComfyUI and Glyphic) as our `disabled` flag. */

/** 0 always, 1 on event, 2 never (muted), 3 on trigger, 4 bypass (ComfyUI). */
const MUTED = 2;
const BYPASSED = 4;

/**
 * True for a muted or bypassed node. Bypass is exactly our `disabled` (skip, pass the input
 * through); muted differs (nothing flows on), which the warning says.
 */
export function disabledByMode(mode: number | null | undefined, where: string, warnings: string[]): boolean {
  if (mode === BYPASSED) return true;
  if (mode === MUTED) {
    warnings.push(`${where}: a muted node became disabled, which passes its input through instead of stopping the branch`);
    return true;
  }
  if (mode === 1 || mode === 3) warnings.push(`${where}: mode ${mode} (${mode === 1 ? 'on event' : 'on trigger'}) is not kept; the node runs like any other`);
  return false;
}
