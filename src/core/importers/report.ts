/**
 * The report every import gives: what came in and what went out per kind, how each source type
 * was mapped, every lossy step, and the secrets to set. The CLI prints it (or its JSON) and the
 * VS Code command shows the same text.
 */
import type { Workflow } from '../model/workflow';
import { getNodeDefinition } from '../nodes/registry';
import type { DraftWorkflow, SecretToSet } from './draft';
import { FORMAT_NAMES, type ImportFormat } from './detect';

/** In → out for one kind of item. */
export interface ReportCount {
  kind: string;
  in: number;
  out: number;
  note?: string;
}

/** How one source type came through: `mapped` to one of ours, `kept` as an unknown type, or `same` (already ours). */
export interface ReportTypeMapping {
  from: string;
  to: string;
  count: number;
  status: 'mapped' | 'same' | 'kept';
}

/** The report of one import. */
export interface ImportReport {
  format: ImportFormat;
  formatName: string;
  workflow: string;
  counts: ReportCount[];
  types: ReportTypeMapping[];
  /** Every repair, guess or loss, one sentence each (the importer's warnings). */
  lossy: string[];
  secrets: SecretToSet[];
}

/** The assembler keeps each draft node's type, so the draft says what every source type became. */
function typeMappings(draft: DraftWorkflow): ReportTypeMapping[] {
  const byKey = new Map<string, ReportTypeMapping>();
  draft.nodes.forEach((node) => {
    const to = node.type;
    const from = node.sourceType ?? node.type;
    const status = !getNodeDefinition(to) ? 'kept' : from === to ? 'same' : 'mapped';
    const key = `${from}\u0000${to}`;
    const entry = byKey.get(key) ?? { from, to, count: 0, status };
    entry.count++;
    byKey.set(key, entry);
  });
  return [...byKey.values()].sort((a, b) => a.status.localeCompare(b.status) || a.from.localeCompare(b.from));
}

/** Builds the report from the draft a reader produced and the workflow assembled from it. */
export function buildReport(format: ImportFormat, draft: DraftWorkflow, workflow: Workflow, warnings: readonly string[]): ImportReport {
  const source = draft.sourceCounts ?? {};
  const counts: ReportCount[] = [
    { kind: 'nodes', in: source.nodes ?? draft.nodes.length, out: workflow.nodes.length },
    { kind: 'edges', in: source.edges ?? draft.edges.length, out: workflow.edges.length },
  ];
  const notesIn = source.stickyNotes ?? draft.stickyNotes?.length ?? 0;
  const notesOut = workflow.stickyNotes?.length ?? 0;
  if (notesIn > 0 || notesOut > 0) counts.push({ kind: 'sticky notes', in: notesIn, out: notesOut });
  counts.push(...(source.other ?? []));
  return {
    format,
    formatName: FORMAT_NAMES[format],
    workflow: workflow.name,
    counts,
    types: typeMappings(draft),
    lossy: [...warnings],
    secrets: draft.secrets ?? [],
  };
}

/** The report as text for a terminal or an output channel. */
export function formatReport(report: ImportReport): string {
  const lines = [`Imported "${report.workflow}" (${report.formatName}).`, '', 'Counts (in → out):'];
  for (const count of report.counts) lines.push(`  ${count.kind}: ${count.in} → ${count.out}${count.note ? ` (${count.note})` : ''}`);
  lines.push('', 'Node types:');
  for (const type of report.types) {
    const arrow = type.status === 'kept' ? `kept as an unknown type (workflow validate lists it)` : type.status === 'same' ? 'ours already' : `→ ${type.to}`;
    lines.push(`  ${type.from} ${arrow} ×${type.count}`);
  }
  if (report.types.length === 0) lines.push('  (none)');
  lines.push('', report.lossy.length > 0 ? `Lossy steps and repairs (${report.lossy.length}):` : 'Lossy steps and repairs: none');
  for (const step of report.lossy) lines.push(`  - ${step}`);
  if (report.secrets.length > 0) {
    lines.push('', 'Secrets to set (credentials are never imported):');
    for (const secret of report.secrets) lines.push(`  ${secret.name}: ${secret.source}; used by ${secret.usedBy.map((name) => `"${name}"`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `a | b` in a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The report as Markdown, for a preview beside the imported workflow. */
export function formatReportMarkdown(report: ImportReport, file?: string): string {
  const lines = [`# Import of "${cell(report.workflow)}"`, '', `From a ${report.formatName}${file ? `, written to \`${file}\`` : ''}.`, '', '## Counts', '', '| kind | in | out |', '| --- | ---: | ---: |'];
  for (const count of report.counts) lines.push(`| ${cell(count.kind)}${count.note ? ` (${cell(count.note)})` : ''} | ${count.in} | ${count.out} |`);
  lines.push('', '## Node types', '', '| from | to | count |', '| --- | --- | ---: |');
  for (const type of report.types) {
    const to = type.status === 'kept' ? '*kept as an unknown type*' : type.status === 'same' ? `\`${type.to}\` (already ours)` : `\`${type.to}\``;
    lines.push(`| \`${cell(type.from)}\` | ${to} | ${type.count} |`);
  }
  lines.push('', `## Lossy steps and repairs (${report.lossy.length})`, '');
  if (report.lossy.length === 0) lines.push('None: everything came through as it was.');
  for (const step of report.lossy) lines.push(`- ${step.replace(/\n/g, ' ')}`);
  if (report.secrets.length > 0) {
    lines.push('', '## Secrets to set', '', 'Credentials are never imported. Set each secret with **Workflow: Set Secret** (or `WORKFLOW_SECRET_<NAME>` for the CLI).', '');
    for (const secret of report.secrets) lines.push(`- \`${secret.name}\`: ${secret.source}; used by ${secret.usedBy.map((name) => `"${name}"`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
