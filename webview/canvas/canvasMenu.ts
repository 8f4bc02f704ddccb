/**
 * The items of the canvas' context menu, enabled by what is selected. Every target (a node, an
 * edge, a selection, the pane) gets the same list, so the menu's shape is learnt once; what does
 * not apply is shown disabled. "Add node after…" leads when the menu was opened on a node.
 */
import type { NodeView } from '../../src/protocol/view';
import { shortcutLabel } from './shortcuts';

/** One entry of the menu. */
export interface MenuItem {
  id: string;
  label: string;
  /** Shortcut shown beside the label (the canvas handles it, the menu only shows it). */
  shortcut?: string;
  disabled?: boolean;
  /** Draw a separator above this item. */
  separatorBefore?: boolean;
  run(): void;
}

/** What is selected when the menu opens. */
export interface MenuSelection {
  /** Nodes and sticky notes. */
  itemIds: readonly string[];
  edgeIds: readonly string[];
  /** Workflow nodes only. */
  nodeIds: readonly string[];
}

/** What the items do. */
export interface MenuActions {
  addAfter(node: NodeView): void;
  addNode(): void;
  addSticky(): void;
  cut(): void;
  copy(): void;
  paste(): void;
  duplicate(): void;
  toggleDisabled(): void;
  remove(): void;
  selectAll(): void;
  autoLayout(): void;
  fitView(): void;
}

/** The menu's items for `selection` over `nodes` (`menuNode`: the node it was opened on). */
export function canvasMenuItems(selection: MenuSelection, nodes: readonly NodeView[], actions: MenuActions, menuNode?: NodeView): MenuItem[] {
  const { itemIds, edgeIds, nodeIds } = selection;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const allDisabled = nodeIds.length > 0 && nodeIds.every((id) => byId.get(id)?.disabled);
  const items: MenuItem[] = [];
  if (menuNode && menuNode.outputs.length > 0) items.push({ id: 'addAfter', label: 'Add node after…', run: () => actions.addAfter(menuNode) });
  items.push(
    { id: 'addNode', label: 'Add node…', shortcut: shortcutLabel('addNode'), run: actions.addNode },
    { id: 'addSticky', label: 'Add sticky note', shortcut: shortcutLabel('addSticky'), run: actions.addSticky },
    { id: 'cut', label: 'Cut', shortcut: shortcutLabel('cut'), disabled: itemIds.length === 0, separatorBefore: true, run: actions.cut },
    { id: 'copy', label: 'Copy', shortcut: shortcutLabel('copy'), disabled: itemIds.length === 0, run: actions.copy },
    { id: 'paste', label: 'Paste', shortcut: shortcutLabel('paste'), run: actions.paste },
    { id: 'duplicate', label: 'Duplicate', shortcut: shortcutLabel('duplicate'), disabled: itemIds.length === 0, run: actions.duplicate },
    {
      id: 'toggleDisabled',
      label: allDisabled ? 'Enable' : 'Disable',
      shortcut: shortcutLabel('toggleDisabled'),
      disabled: nodeIds.length === 0,
      separatorBefore: true,
      run: actions.toggleDisabled,
    },
    { id: 'delete', label: 'Delete', shortcut: shortcutLabel('delete'), disabled: itemIds.length === 0 && edgeIds.length === 0, run: actions.remove },
    { id: 'selectAll', label: 'Select all', shortcut: shortcutLabel('selectAll'), separatorBefore: true, run: actions.selectAll },
    { id: 'autoLayout', label: 'Auto-layout', shortcut: shortcutLabel('autoLayout'), disabled: nodes.length === 0, run: actions.autoLayout },
    { id: 'fitView', label: 'Fit view', shortcut: shortcutLabel('fitView'), run: actions.fitView },
  );
  return items;
}
