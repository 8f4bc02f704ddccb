/**
 * Labels of the Versions view, free of vscode.
 */
import { formatTime, type VersionRecord } from '../../../core/store';
import { relativeTime } from './status';

/** "Version 3". */
export function versionLabel(version: VersionRecord): string {
  return `Version ${version.number}`;
}

/** "5 min ago · added node "Fetch"; archived versions say so. */
export function versionDescription(version: VersionRecord, now: number): string {
  const parts = [relativeTime(version.createdAt, now), version.changeSummary || 'no change summary'];
  if (version.archived) parts.push('archived (content dropped)');
  return parts.join(' · ');
}

/** Tooltip: full time, commit, summary. */
export function versionTooltip(version: VersionRecord): string {
  const lines = [`Version ${version.number} — ${formatTime(version.createdAt)}`];
  if (version.gitCommit) lines.push(`Commit ${version.gitCommit.slice(0, 12)}`);
  lines.push(version.changeSummary || 'no change summary');
  if (version.archived) lines.push('Archived: only its metadata is kept, it cannot be compared or restored.');
  return lines.join('\n');
}
