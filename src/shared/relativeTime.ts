/**
 * "5 s ago", "3 min ago", "2 h ago", "4 d ago", else the date; "just now" under 5 s. One
 * formatter for every view (and the canvas), so two places showing the same moment agree.
 * Imports nothing.
 */
export function relativeTime(at: number, now: number): string {
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 30) return `${days} d ago`;
  return new Date(at).toISOString().slice(0, 10);
}
