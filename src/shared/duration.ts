/**
 * The one way a duration is written, in the CLI, the views, the notifications and the canvas:
 * "850 ms", "1.2 s", "42 s", "3 min 5 s", "2 h 4 min"; "—" when unknown.
 *
 * Each form rounds to its own unit first and only then picks the form, so a rounding carries
 * into the next unit: 59,600 ms is "1 min 0 s" and 119,600 ms is "2 min 0 s", never "1 min 60 s".
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const value = Math.max(0, ms); // clocks of two processes may disagree by a little
  const wholeMs = Math.round(value);
  if (wholeMs < 1000) return `${wholeMs} ms`;
  const tenths = Math.round(value / 100);
  if (tenths < 100) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(value / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(value / 60_000);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
