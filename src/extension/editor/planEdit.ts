/**
 * Decides what an edit intent does to a document's text, without touching the document: free
 * of `vscode`, so the rules below are unit-tested in plain Node.
 *
 * - A document the canvas cannot show (bad JSON, a file-format error, an unsound graph) is
 *   never written: the user fixes it as text first.
 * - A file in canonical form (the deterministic serializer's output) stays in it: the result is
 *   the serializer's output for the edited workflow. Any other file (written by hand) gets
 *   minimal edits (minimalEdit.ts): only the text the change is about changes.
 * - An intent that changes nothing (same normalized text) writes nothing, so no undo step and
 *   no dirty flag appear for a click that moved nothing.
 * - An edit is refused only when it would add a structural error (a cycle, a duplicate id, an
 *   edge to a missing handle, an input into a trigger, a value the file format does not allow),
 *   so the canvas never turns a workflow into the error state. Node-level errors (an empty
 *   URL in a node just added) are written: the canvas badges them and the inspector shows them.
 */
import { serializeWorkflow } from '../../core/model/serialize';
import { analyzeWorkflowText, isStructuralError, type ValidateOptions } from '../../core/validation/validate';
import { applyEditIntent } from './edits/applyEdit';
import type { EditIntent } from '../../protocol/messages';
import type { NodeTypeView } from '../../protocol/view';
import { nodeCatalog } from './catalog';
import { minimalEditText } from './minimalEdit';

/** What to do with the document; `created` lists the ids a written edit added. */
export type EditPlan = { kind: 'write'; text: string; created?: string[] } | { kind: 'unchanged' } | { kind: 'refused'; error: string };

/** Line endings do not count as a change: VS Code converts inserted text to the file's EOL. */
export function normalizeText(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/** Plans `intent` against the current `text` of `fileName`. */
export function planEdit(
  text: string,
  fileName: string,
  intent: EditIntent,
  options: ValidateOptions = {},
  catalog: readonly NodeTypeView[] = nodeCatalog(),
): EditPlan {
  const current = analyzeWorkflowText(text, fileName, options).draft;
  if (!current) {
    return { kind: 'refused', error: 'The file has errors and is not changed from the canvas; fix them in the text editor first.' };
  }
  const result = applyEditIntent(current, intent, { catalog });
  if (!result.ok) return { kind: 'refused', error: result.error };
  const next = serializeWorkflow(result.workflow);
  // Compare with the canonical form of the current workflow too: an intent that changes
  // nothing must not reformat a hand-formatted file.
  if (normalizeText(next) === normalizeText(text) || next === serializeWorkflow(current)) return { kind: 'unchanged' };
  const after = analyzeWorkflowText(next, fileName, options);
  if (!after.draft) {
    // The current text had no structural error (it has a draft), so any there now is new.
    const first = after.diagnostics.find(isStructuralError);
    return { kind: 'refused', error: `This change would make the workflow invalid: ${first?.message ?? 'unknown error'}` };
  }
  const written = normalizeText(text) === serializeWorkflow(current) ? next : (handEdited(text, result.workflow) ?? next);
  return result.created && result.created.length > 0 ? { kind: 'write', text: written, created: result.created } : { kind: 'write', text: written };
}

/** `text` (not in canonical form) with `workflow`'s changes made as minimal edits, if that works. */
function handEdited(text: string, workflow: unknown): string | undefined {
  let before: unknown;
  try {
    before = JSON.parse(text);
  } catch {
    return undefined;
  }
  return minimalEditText(text, before, workflow);
}
