/**
 * Decides what an edit intent does to a document's text, without touching the document: free
 * of `vscode`, so the rules below are unit-tested in plain Node.
 *
 * - An invalid document is never written: the user fixes it as text first.
 * - The result is the deterministic serializer's output for the whole workflow.
 * - An intent that changes nothing (same normalized text) writes nothing, so no undo step and
 *   no dirty flag appear for a click that moved nothing.
 * - An edit whose result would not validate is refused, so the canvas never turns a working
 *   file into the error state (e.g. a connection that closes a cycle).
 */
import { serializeWorkflow } from '../../core/model/serialize';
import type { ValidateOptions } from '../../core/validation/validate';
import { applyEditIntent } from '../../protocol/edits';
import type { EditIntent } from '../../protocol/messages';
import { analyzeDocument } from './documentView';

/** What to do with the document. */
export type EditPlan = { kind: 'write'; text: string } | { kind: 'unchanged' } | { kind: 'refused'; error: string };

/** Line endings do not count as a change: VS Code converts inserted text to the file's EOL. */
export function normalizeText(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/** Plans `intent` against the current `text` of `fileName`. */
export function planEdit(text: string, fileName: string, intent: EditIntent, options: ValidateOptions = {}): EditPlan {
  const current = analyzeDocument(text, fileName, 0, options);
  if (!current.workflow) {
    return { kind: 'refused', error: 'The file has errors and is not changed from the canvas; fix them in the text editor first.' };
  }
  const result = applyEditIntent(current.workflow, intent);
  if (!result.ok) return { kind: 'refused', error: result.error };
  const next = serializeWorkflow(result.workflow);
  // Compare with the canonical form of the current workflow too: an intent that changes
  // nothing must not reformat a hand-formatted file.
  if (normalizeText(next) === normalizeText(text) || next === serializeWorkflow(current.workflow)) return { kind: 'unchanged' };
  const after = analyzeDocument(next, fileName, 0, options);
  if (!after.workflow) {
    const first = after.view.problems[0];
    return { kind: 'refused', error: `This change would make the workflow invalid: ${first?.message ?? 'unknown error'}` };
  }
  return { kind: 'write', text: next };
}
