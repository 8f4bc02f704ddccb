/**
 * Node-RED flows (`flows.json`): one JSON list of tabs, nodes, groups, subflows and config nodes.
 * Each tab becomes one workflow: its nodes (`z` = the tab), `wires` (output index → target ids)
 * as edges, groups and comments as sticky notes. Link nodes: a link within the tab becomes an
 * edge; a link to another tab calls that tab's workflow (`flow.subworkflow`), whose link in is
 * its `trigger.workflow`. Config nodes (brokers, TLS settings) are kept in the config of the
 * nodes that use them. Node types are mapped by `nodeRedNodes.ts`.
 */
import { z } from 'zod';
import { workflowFileName } from '../model/fileName';
import type { DraftEdge, DraftNode, DraftStickyNote, DraftWorkflow, SourceCount } from './draft';
import { ImportError, parseOrThrow } from './importError';
import { isRecord, nonEmptyString } from './jsonValues';
import { mapNodeRedNode, type NodeRedItem, type TabContext } from './nodeRedNodes';
import { nearestStickyColor } from './stickyColors';

const ItemSchema = z.looseObject({ id: z.string().regex(/\S/, 'must not be empty'), type: z.string().regex(/\S/, 'must not be empty'), z: z.string().optional() });
const WiresSchema = z.array(z.array(z.string().regex(/\S/, 'must not be blank'), { error: 'expected a list of node ids' }), { error: 'expected a list of outputs' });

/** One tab of the flows. */
export interface NodeRedTab {
  id: string;
  label: string;
}

/** The flows, read once: its tabs and a reader for each. */
export interface NodeRedFlows {
  tabs: NodeRedTab[];
  /** The tab with this label or id; an ImportError listing the tabs when there is none. */
  tab(labelOrId: string): NodeRedTab;
  read(tab: NodeRedTab, warnings: string[]): DraftWorkflow;
}


const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Config nodes (brokers, TLS settings, …) have no position and no wires. */
function isConfigNode(item: NodeRedItem): boolean {
  return !('x' in item) && !('wires' in item) && !['tab', 'group', 'subflow'].includes(item.type);
}

/** Reads Node-RED flows (a list, or `{ flows: [...] }` unwrapped by detection). */
export function readNodeRedFlows(value: unknown): NodeRedFlows {
  const items = parseOrThrow(z.array(ItemSchema), value, '', 'Node-RED flows') as NodeRedItem[];
  const tabItems = items.filter((item) => item.type === 'tab');
  const subflowIds = new Set(items.filter((item) => item.type === 'subflow').map((item) => item.id));
  const configNodes = new Map(items.filter(isConfigNode).map((item) => [item.id, item]));
  const byId = new Map(items.map((item) => [item.id, item]));
  const tabIds = new Set(tabItems.map((tab) => tab.id));
  /** The tab an item belongs to: its `z` when that is a tab, "" (no tab) when it names nothing; subflow members belong to their subflow. */
  const homeOf = (item: NodeRedItem): string => (item.z && (tabIds.has(item.z) || subflowIds.has(item.z)) ? item.z : '');
  // Flows without tabs (an export of a few nodes) hold one flow: the nodes without a tab.
  const tabs: NodeRedTab[] = tabItems.map((tab) => ({ id: tab.id, label: nonEmptyString(tab.label) ?? tab.id }));
  const untabbed = items.filter((item) => homeOf(item) === '' && !configNodes.has(item.id) && !['tab', 'subflow'].includes(item.type));
  if (tabs.length === 0 || untabbed.length > 0) tabs.push({ id: '', label: tabs.length === 0 ? 'Flow' : 'Nodes without a tab' });
  const labelOf = new Map(tabs.map((tab) => [tab.id, tab.label]));

  const tab = (labelOrId: string): NodeRedTab => {
    const found = tabs.find((t) => t.id === labelOrId) ?? tabs.find((t) => t.label === labelOrId) ?? tabs.find((t) => t.label.toLowerCase() === labelOrId.toLowerCase());
    if (!found) throw new ImportError(`no tab "${labelOrId}"; the flows hold ${tabs.map((t) => `"${t.label}"`).join(', ')}`);
    return found;
  };

  const read = (current: NodeRedTab, warnings: string[]): DraftWorkflow => {
    const inTab = (item: NodeRedItem): boolean => item.type !== 'tab' && item.type !== 'subflow' && homeOf(item) === current.id;
    const members = items.filter((item) => inTab(item) && !configNodes.has(item.id));
    for (const item of members) if (item.z && homeOf(item) === '') warnings.push(`node ${item.id} (${item.type}): its tab "${item.z}" is not in the file; imported with the nodes without a tab`);
    const groups = members.filter((item) => item.type === 'group');
    const graphItems = members.filter((item) => item.type !== 'group' && item.type !== 'tab');
    const context: TabContext = {
      tabLabel: current.label,
      byId,
      tabOf: (id) => {
        const item = byId.get(id);
        return item ? homeOf(item) : undefined;
      },
      // Each tab is written to the file its label names (the CLI's one-file-per-tab), and called there.
      fileOfTab: (id) => workflowFileName(labelOf.get(id) ?? id),
      configNodes,
      envNames: new Set(),
      hasHttpResponse: graphItems.some((item) => item.type === 'http response'),
      linkSources: (id) => {
        const named = byId.get(id)?.links;
        const own = Array.isArray(named) ? named.filter((source): source is string => typeof source === 'string') : [];
        const pointing = items.filter((other) => Array.isArray(other.links) && other.links.includes(id) && other.type !== 'link in').map((other) => other.id);
        return [...new Set([...own, ...pointing])];
      },
    };
    const nodes: DraftNode[] = [];
    const stickyNotes: DraftStickyNote[] = [];
    const extraEdges: DraftEdge[] = [];
    const outputHandles = new Map<string, (index: number) => string | undefined>();
    /** Where a node's outputs leave from: its adapter when it has one. */
    const exits = new Map<string, string>();
    let comments = 0;
    let adapters = 0;
    graphItems.forEach((item) => {
      const where = `node ${item.id} (${item.type})`;
      const mapped = mapNodeRedNode(item, context, warnings);
      if (mapped.sticky !== undefined) {
        comments++;
        stickyNotes.push({ where, rawId: item.id, text: mapped.sticky, position: { x: num(item.x) ?? 0, y: num(item.y) ?? 0 } });
        return;
      }
      if (mapped.output) outputHandles.set(item.id, mapped.output);
      nodes.push({
        where,
        rawId: item.id,
        type: mapped.type,
        label: nonEmptyString(item.name) ?? (mapped.type === item.type ? undefined : item.type),
        position: num(item.x) !== undefined && num(item.y) !== undefined ? { x: num(item.x)!, y: num(item.y)! } : undefined,
        config: mapped.config,
        disabled: item.d === true,
        ...(nonEmptyString(item.info) ? { notes: nonEmptyString(item.info) } : {}),
        sourceType: `node-red:${item.type}`,
      });
      for (const edge of mapped.edges ?? []) extraEdges.push({ ...edge, rawId: `link-${extraEdges.length + 1}` });
      if (mapped.adapter) {
        const id = `${item.id}-msg`;
        const position = nodes.at(-1)!.position;
        nodes.push({
          where,
          rawId: id,
          type: mapped.adapter.type,
          label: `${nonEmptyString(item.name) ?? item.type} ${mapped.adapter.label}`,
          position: position && { x: position.x + 60, y: position.y + 60 },
          config: mapped.adapter.config,
          sourceType: `node-red:${item.type} (${mapped.adapter.label})`,
        });
        extraEdges.push({ where, rawId: `${id}-in`, source: item.id, target: id });
        warnings.push(`${where}: a Transform "${nodes.at(-1)!.label!}" after it builds the message Node-RED sent from it`);
        exits.set(item.id, id);
        adapters++;
      }
    });
    for (const group of groups) {
      const style = isRecord(group.style) ? group.style : {};
      const memberCount = Array.isArray(group.nodes) ? group.nodes.length : 0;
      const color = nearestStickyColor(style.fill);
      stickyNotes.push({
        where: `group ${group.id}`,
        rawId: group.id,
        text: `${nonEmptyString(group.name) ?? 'Group'}${nonEmptyString(group.info) ? `\n\n${nonEmptyString(group.info)!}` : ''}`,
        position: { x: num(group.x) ?? 0, y: num(group.y) ?? 0 },
        ...(num(group.w) !== undefined ? { width: num(group.w) } : {}),
        ...(num(group.h) !== undefined ? { height: num(group.h) } : {}),
        ...(color ? { color } : {}),
      });
      if (memberCount > 0) warnings.push(`group ${group.id} "${nonEmptyString(group.name) ?? 'Group'}" became a sticky note of its size behind its ${memberCount} node(s)`);
    }
    const edges: DraftEdge[] = [];
    let wireCount = 0;
    for (const item of graphItems) {
      if (item.wires === undefined) continue;
      const wires = parseOrThrow(WiresSchema, item.wires, `node ${item.id}.wires`, 'Node-RED node');
      wires.forEach((targets, output) => {
        targets.forEach((target) => {
          wireCount++;
          const handle = outputHandles.get(item.id)?.(output);
          edges.push({
            where: `node ${item.id}.wires[${output}]`,
            rawId: `e${edges.length + 1}`,
            source: exits.get(item.id) ?? item.id,
            target,
            sourceHandle: handle ?? (output === 0 ? undefined : `output_${output}`),
          });
          const targetItem = byId.get(target);
          if (targetItem && homeOf(targetItem) !== homeOf(item)) warnings.push(`node ${item.id}.wires[${output}]: goes to node ${target} on another tab; kept for the validator to report`);
        });
      });
    }
    const env = [...context.envNames].sort();
    const links = extraEdges.length - adapters;
    const configUsed = [...configNodes.values()].filter((config) => graphItems.some((item) => Object.values(item).includes(config.id)));
    const other: SourceCount[] = [];
    if (comments > 0) other.push({ kind: 'comments', in: comments, out: comments, note: 'as sticky notes' });
    if (groups.length > 0) other.push({ kind: 'groups', in: groups.length, out: groups.length, note: 'as sticky notes sized to the group' });
    if (configUsed.length > 0) other.push({ kind: 'config nodes', in: configUsed.length, out: configUsed.length, note: 'kept in the config of the nodes that use them' });
    const tabItem = byId.get(current.id);
    const description = tabItem ? nonEmptyString(tabItem.info) : undefined;
    if (tabItem?.disabled === true) warnings.push(`the tab "${current.label}" is disabled in Node-RED; the workflow is not`);
    return {
      name: current.label,
      ...(description !== undefined ? { description } : {}),
      ...(env.length > 0 ? { settings: { env } } : {}),
      nodes,
      edges: [...edges, ...extraEdges],
      stickyNotes,
      sourceCounts: {
        nodes: graphItems.length - comments,
        edges: wireCount + links,
        stickyNotes: stickyNotes.length,
        other: [
          ...other,
          ...(links > 0 ? [{ kind: 'links within the tab', in: links, out: links, note: 'as edges' }] : []),
          ...(adapters > 0 ? [{ kind: 'messages built after triggers', in: 0, out: adapters, note: 'Transform nodes that make the msg Node-RED sends' }] : []),
        ],
      },
    };
  };

  return { tabs, tab, read };
}

