/**
 * Edit intents applied to a workflow: pure functions (no vscode, no DOM) so the host's edits
 * are unit-tested in plain Node. The host serializes the result and replaces the document.
 *
 * Each function returns a new workflow and leaves its argument untouched; keys the functions
 * do not manage (unknown keys included) are carried over as they are. Nodes and sticky notes
 * share one id space (both are items of the canvas), so new ids avoid both.
 *
 * What is checked here is what the intent itself must get right (the node exists, the pasted
 * JSON has the file's shapes); whether the resulting graph is sound (no cycle, handles that
 * exist) is decided by the host's validator afterwards (see ../planEdit.ts).
 */
import type { Workflow } from '../../../core/model/workflow';
import type { EditIntent } from '../../../protocol/messages';
import type { NodeTypeView } from '../../../protocol/view';
import type { EditResult } from './editResult';
import { addNode, connect, moveNodes, removeElements, setDisabled, updateNode } from './nodeEdits';
import { insertFragment } from './pasteFragment';
import { addSticky, updateSticky } from './stickyEdits';

/** What intents need besides the workflow: the node types (for `addNode`). */
export interface EditContext {
  catalog: readonly NodeTypeView[];
}

const NO_CONTEXT: EditContext = { catalog: [] };

/** Applies one edit intent to `workflow`. */
export function applyEditIntent(workflow: Workflow, intent: EditIntent, context: EditContext = NO_CONTEXT): EditResult {
  switch (intent.type) {
    case 'moveNodes':
      return moveNodes(workflow, intent.positions);
    case 'removeElements':
      return removeElements(workflow, intent.nodeIds, intent.edgeIds);
    case 'connect':
      return connect(workflow, intent);
    case 'updateNode':
      return updateNode(workflow, intent.id, intent.changes);
    case 'addNode':
      return addNode(workflow, intent, context.catalog);
    case 'insertFragment':
      return insertFragment(workflow, intent.fragment, intent.offset);
    case 'setDisabled':
      return setDisabled(workflow, intent.nodeIds, intent.disabled);
    case 'addSticky':
      return addSticky(workflow, intent.position, intent.text);
    case 'updateSticky':
      return updateSticky(workflow, intent);
  }
}
