/**
 * The colours a sticky note may have. Plain data shared by the file format (core's zod schema)
 * and the canvas (its colour picker), so the canvas does not load core to list them.
 */

/** Colours a sticky note may have; the canvas maps each to theme-aware colours. */
export const STICKY_COLORS = ['yellow', 'orange', 'green', 'blue', 'purple', 'gray'] as const;

/** One of `STICKY_COLORS`. */
export type StickyColor = (typeof STICKY_COLORS)[number];
