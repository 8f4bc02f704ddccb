/**
 * Where a new node goes without covering another: from a wished-for spot, down past whatever is
 * there (with a gap, so handles and edges stay clear). Pure, unit-tested in plain Node.
 */

/** A box in flow coordinates: top-left corner and size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Space kept around a placed node, in flow pixels. */
export const PLACEMENT_GAP = 24;

function overlaps(a: Box, b: Box, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/**
 * The top-left corner nearest below `wished` (same x) where a `size` box overlaps none of
 * `taken`, keeping `gap` to each; bounded, so a wall of nodes cannot loop forever.
 */
export function freeSpot(wished: { x: number; y: number }, size: { width: number; height: number }, taken: readonly Box[], gap = PLACEMENT_GAP): { x: number; y: number } {
  const spot = { x: Math.round(wished.x), y: Math.round(wished.y) };
  for (let i = 0; i <= taken.length; i++) {
    const candidate = { ...spot, ...size };
    const blocking = taken.filter((box) => overlaps(candidate, box, gap));
    if (blocking.length === 0) break;
    spot.y = Math.round(Math.max(...blocking.map((box) => box.y + box.height)) + gap);
  }
  return spot;
}
