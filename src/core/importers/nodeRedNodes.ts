/**
 * Node-RED node types and what they become here. A Node-RED message (`msg`) is one of our
 * values, so `msg.payload` is `payload` in our expressions, and a function's `msg` is its input.
 * A type is mapped only when its settings carry over faithfully; otherwise the node keeps its
 * type (as `node-red:<type>`) and all its settings, and the validator reports it.
 */
import type { DraftEdge } from './draft';
import { isRecord, nonEmptyString, without } from './jsonValues';
import { braceSafeLiteral } from '../expressions/unconverted';
import { jsonataLiteral, literalText } from './n8nExpressions';

/** A flows.json item. */
export type NodeRedItem = Record<string, unknown> & { id: string; type: string; z?: string };

/** What the mapping of one node may look up in the whole flows. */
export interface TabContext {
  tabLabel: string;
  byId: ReadonlyMap<string, NodeRedItem>;
  /** The tab an item is on ("" for none), or undefined when there is no such item. */
  tabOf(id: string): string | undefined;
  /** The workflow file another tab is imported to. */
  fileOfTab(tabId: string): string;
  configNodes: ReadonlyMap<string, NodeRedItem>;
  envNames: Set<string>;
  /** The tab answers HTTP requests itself (an "http response" node). */
  hasHttpResponse: boolean;
  /** Ids of the link out and link call nodes that reach a link in, wherever it is named. */
  linkSources(linkInId: string): string[];
}

/** What a node became. */
export interface NodeRedMapped {
  type: string;
  config: Record<string, unknown>;
  /** Our source handle for output `index` (default "out" for 0, else `output_<index>`). */
  output?(index: number): string | undefined;
  /** Set for a comment: the text of the sticky note it becomes. */
  sticky?: string;
  /** Edges the node adds (a link within the tab). */
  edges?: DraftEdge[];
  /** A node put right after this one (its outputs leave from there), e.g. the message an inject sends. */
  adapter?: { type: string; label: string; config: Record<string, unknown> };
}

type Rule = (item: NodeRedItem, context: TabContext, say: (text: string) => void) => NodeRedMapped | { refusal: string };

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** A msg property (`payload.total`) as a JSONata path, or undefined when it is not a plain path. */
function msgPath(property: string): string | undefined {
  return PATH.test(property) ? property : undefined;
}

/** A Node-RED JSONata expression as ours: its context is the message, as ours is the input. */
function nodeRedJsonata(expression: string, context: TabContext): string | undefined {
  if (/\$(flowContext|globalContext|parent|moment)\b/.test(expression)) return undefined;
  return expression.replace(/\$env\(\s*["']([A-Za-z_]\w*)["']\s*\)/g, (_, name: string) => {
    context.envNames.add(name);
    return `$env.${name}`;
  });
}

/** A typed value of a change / inject rule (`to` + `tot`) as our config value. */
function typedValue(value: unknown, type: string, context: TabContext): { value: unknown } | undefined {
  const text = str(value);
  switch (type) {
    case 'str':
      return { value: literalText(text) };
    case 'num':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? { value: Number(text) } : undefined;
    case 'bool':
      return { value: text === 'true' };
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return undefined;
      }
    case 'msg': {
      const path = msgPath(text);
      return path ? { value: `{{ ${path} }}` } : undefined;
    }
    case 'jsonata': {
      const converted = nodeRedJsonata(text, context);
      return converted ? { value: `{{ ${converted} }}` } : undefined;
    }
    case 'env':
      if (!/^[A-Za-z_]\w*$/.test(text)) return undefined;
      context.envNames.add(text);
      return { value: `{{ $env.${text} }}` };
    case 'date':
      return { value: '{{ $millis() }}' };
    default:
      return undefined;
  }
}

/** Seconds between fires as a cron pattern, when one exists. */
function cronOfSeconds(seconds: number): string | undefined {
  if (!Number.isInteger(seconds) || seconds <= 0) return undefined;
  if (seconds < 60 && 60 % seconds === 0) return `*/${seconds} * * * * *`;
  const minutes = seconds / 60;
  if (Number.isInteger(minutes) && minutes < 60 && 60 % minutes === 0) return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
  const hours = seconds / 3600;
  if (Number.isInteger(hours) && hours <= 24 && 24 % hours === 0) return hours === 24 ? '0 0 * * *' : `0 */${hours} * * *`;
  return undefined;
}

/** A typed value (`v` + `vt`) as JSONata source, for the message an inject sends. */
function typedJsonata(value: unknown, type: string, context: TabContext): string | undefined {
  const text = str(value);
  switch (type || 'str') {
    case 'str':
      return jsonataLiteral(text);
    case 'num':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? String(Number(text)) : undefined;
    case 'bool':
      return text === 'true' ? 'true' : 'false';
    case 'json':
      try {
        return jsonataLiteral(JSON.parse(text) as unknown);
      } catch {
        return undefined;
      }
    case 'date':
      return '$millis()';
    case 'env':
      if (!/^[A-Za-z_]\w*$/.test(text)) return undefined;
      context.envNames.add(text);
      return `$env.${text}`;
    case 'jsonata':
      return nodeRedJsonata(text, context);
    default:
      return undefined;
  }
}

/** The message an inject sends, as a JSONata object (`{ "payload": $millis(), "topic": "reading" }`). */
function injectedMessage(item: NodeRedItem, context: TabContext): string | { problem: string } {
  const props = Array.isArray(item.props) ? item.props.filter(isRecord) : [{ p: 'payload' }, { p: 'topic' }];
  const fields: string[] = [];
  for (const prop of props) {
    const name = str(prop.p);
    const value = name === 'payload' ? item.payload : name === 'topic' ? item.topic : prop.v;
    const type = name === 'payload' ? str(item.payloadType) : name === 'topic' ? 'str' : str(prop.vt);
    if (name === 'topic' && str(value) === '') continue;
    const jsonata = typedJsonata(value, type, context);
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || jsonata === undefined) return { problem: `msg.${name} (${type || 'str'}) cannot be written here` };
    fields.push(`${JSON.stringify(name)}: ${jsonata}`);
  }
  return `{ ${fields.join(', ')} }`;
}

const inject: Rule = (item, context, say) => {
  const crontab = str(item.crontab).trim();
  const repeat = str(item.repeat).trim();
  if (item.once === true) say('"inject once after deploy" is not kept');
  let trigger: { type: string; config: Record<string, unknown> } = { type: 'trigger.manual', config: {} };
  if (crontab !== '') trigger = { type: 'trigger.schedule', config: { cron: crontab, timezone: 'UTC' } };
  else if (repeat !== '') {
    const cron = cronOfSeconds(Number(repeat));
    if (!cron) return { refusal: `an interval of ${repeat} s has no cron equivalent` };
    trigger = { type: 'trigger.schedule', config: { cron, timezone: 'UTC' } };
  }
  const message = injectedMessage(item, context);
  if (typeof message !== 'string') {
    say(`the injected message is not sent (${message.problem}): the trigger outputs the run input`);
    return trigger;
  }
  // Node-RED sends the message the inject describes; a Transform after the trigger builds it.
  return { ...trigger, adapter: { type: 'data.transform', label: 'message', config: { expression: message } } };
};

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

const httpIn: Rule = (item, context, say) => {
  const method = str(item.method).toUpperCase() || 'GET';
  if (!HTTP_METHODS.has(method)) return { refusal: `the method ${method} is not one a webhook trigger accepts` };
  const path = str(item.url).replace(/^\/+/, '');
  if (path === '' || path.includes(':')) return { refusal: 'the URL is empty or has route parameters (:id)' };
  if (!context.hasHttpResponse) say('no http response node in the tab: the webhook answers 202 at once');
  // Node-RED's message: the body as payload, the request in req. A Transform after the trigger builds it.
  const adapter = { type: 'data.transform', label: 'message', config: { expression: '{ "payload": body, "req": { "method": method, "query": query, "headers": headers } }' } };
  return { type: 'trigger.webhook', config: { path, method, responseMode: context.hasHttpResponse ? 'lastNode' : 'immediate' }, adapter };
};

const httpResponse: Rule = (item, _context, say) => {
  if (str(item.statusCode) !== '' || (isRecord(item.headers) && Object.keys(item.headers).length > 0)) say('its status code and headers are not kept: the webhook answers 200 with the body');
  return { type: 'data.transform', config: { expression: 'payload' } };
};

const NODE_RED_API = 'const node = { log: (m) => console.log(m), warn: (m) => console.warn(m), error: (m) => console.error(m), debug: (m) => console.debug(m), trace: (m) => console.debug(m), status: () => {}, done: () => {}, send: () => { throw new Error("node.send() has no equivalent here: return the message"); } };';

const functionNode: Rule = (item, _context, say) => {
  const outputs = typeof item.outputs === 'number' ? item.outputs : 1;
  // No output (a function that only logs or stores) is one output that nothing reads.
  if (outputs > 1) return { refusal: `${outputs} outputs (our code node has one)` };
  const source = str(item.func);
  if (/\b(flow|global|context)\s*\.\s*(get|set|keys)\s*\(/.test(source)) say('uses flow/global/context storage, which has no equivalent here');
  if (/\bnode\s*\.\s*send\s*\(/.test(source)) say('calls node.send(), which has no equivalent here (return the message instead)');
  if (/\breturn\s+null\b/.test(source)) say('"return null" stops the flow in Node-RED; here the next node runs with null');
  if (str(item.initialize).trim() !== '' || str(item.finalize).trim() !== '') say('its setup and close code are not kept');
  if (Array.isArray(item.libs) && item.libs.length > 0) say('its modules (libs) are not available here');
  const indented = source.split('\n').map((line) => (line === '' ? line : `  ${line}`)).join('\n');
  const code = [
    '// Imported from Node-RED (function node): `msg` is this node\'s input, `node` logs to the run log.',
    NODE_RED_API,
    'return await (async (msg) => {',
    indented,
    '})($input);',
  ].join('\n');
  return { type: 'code.javascript', config: { code } };
};

const change: Rule = (item, context) => {
  const rules = Array.isArray(item.rules) ? item.rules.filter(isRecord) : [];
  const values: Record<string, unknown> = {};
  for (const rule of rules) {
    if (rule.t !== 'set' || (rule.pt ?? 'msg') !== 'msg') return { refusal: `a "${str(rule.t)}" rule on ${str(rule.pt) || 'msg'}.${str(rule.p)} (only "set" on msg becomes Set Fields)` };
    const property = str(rule.p);
    if (!/^[A-Za-z_$][\w$]*$/.test(property)) return { refusal: `setting the nested property msg.${property}` };
    const value = typedValue(rule.to, str(rule.tot) || 'str', context);
    if (!value) return { refusal: `the ${str(rule.tot)} value ${JSON.stringify(rule.to)} cannot be written here` };
    values[property] = value.value;
  }
  return { type: 'data.set', config: { values } };
};

const CASE_TYPES = new Set(['str', 'num', 'bool']);

const switchNode: Rule = (item, context) => {
  const rules = Array.isArray(item.rules) ? item.rules.filter(isRecord) : [];
  const propertyType = str(item.propertyType) || 'msg';
  const property = str(item.property);
  const value = propertyType === 'msg' ? msgPath(property) : propertyType === 'jsonata' ? nodeRedJsonata(property, context) : undefined;
  if (!value) return { refusal: `the property ${propertyType}.${property} cannot be read here` };
  const elseIndex = rules.findIndex((rule) => rule.t === 'else');
  if (elseIndex !== -1 && elseIndex !== rules.length - 1) return { refusal: 'an "otherwise" rule before other rules' };
  const cases: (string | number | boolean)[] = [];
  for (const rule of elseIndex === -1 ? rules : rules.slice(0, -1)) {
    const type = str(rule.vt) || 'str';
    if (rule.t !== 'eq' || !CASE_TYPES.has(type)) return { refusal: `a "${str(rule.t)}" rule (only "==" with fixed values becomes a Switch)` };
    const text = str(rule.v);
    const literal = type === 'num' ? Number(text) : type === 'bool' ? text === 'true' : text;
    if (typeof literal === 'number' && !Number.isFinite(literal)) return { refusal: `the number ${JSON.stringify(text)}` };
    if (cases.some((c) => String(c) === String(literal)) || String(literal) === 'default') return { refusal: `the case ${JSON.stringify(text)} is repeated or named "default"` };
    cases.push(literal);
  }
  return {
    type: 'flow.switch',
    config: { value: `{{ ${value} }}`, cases },
    output: (index) => (index < cases.length ? String(cases[index]) : index === elseIndex ? 'default' : undefined),
  };
};

/** A mustache template (`Hello {{payload.name}}`) as ours, when it uses only plain paths. */
function mustache(template: string, say: (text: string) => void): string | undefined {
  if (/\{\{\s*[#^/>!&=]/.test(template)) return undefined;
  let escaped = false;
  let failed = false;
  const converted = template.replace(/\{\{\{\s*([^}]*?)\s*\}\}\}|\{\{\s*([^}]*?)\s*\}\}/g, (_, raw: string | undefined, html: string | undefined) => {
    const path = (raw ?? html ?? '').trim();
    if (html !== undefined) escaped = true;
    if (!PATH.test(path) || /^(flow|global|env)\./.test(path)) failed = true;
    return `{{ ${path} }}`;
  });
  if (failed) return undefined;
  if (escaped) say('{{ }} values were HTML-escaped by Node-RED\'s mustache; here they are inserted as they are');
  return converted;
}

/** Our template text as a JSONata string expression: literals and `$string(path)` joined with `&`. */
function joinedText(template: string): string {
  const pieces: string[] = [];
  let rest = template;
  for (let open = rest.indexOf('{{ '); open !== -1; open = rest.indexOf('{{ ')) {
    const close = rest.indexOf(' }}', open);
    if (open > 0) pieces.push(braceSafeLiteral(rest.slice(0, open)));
    pieces.push(`$string(${rest.slice(open + 3, close)})`);
    rest = rest.slice(close + 3);
  }
  if (rest !== '' || pieces.length === 0) pieces.push(braceSafeLiteral(rest));
  return pieces.join(' & ');
}

const template: Rule = (item, _context, say) => {
  const field = str(item.field) || 'payload';
  if ((str(item.fieldType) || 'msg') !== 'msg' || !/^[A-Za-z_$][\w$]*$/.test(field)) return { refusal: 'it writes somewhere other than a top-level msg property' };
  const output = str(item.output) || 'str';
  if (output !== 'str' && output !== 'json') return { refusal: `its ${output} output is parsed, not text` };
  const text = str(item.template);
  const plain = (str(item.syntax) || 'mustache') === 'plain';
  const value = plain ? literalText(text) : mustache(text, say);
  if (value === undefined) return { refusal: 'the template uses mustache sections or context values' };
  if (output === 'str') return { type: 'data.set', config: { values: { [field]: value } } };
  // JSON output: a fixed text is parsed now; one with values is parsed when it runs ($eval reads JSON).
  if (plain || !value.includes('{{')) {
    try {
      return { type: 'data.set', config: { values: { [field]: JSON.parse(text) as unknown } } };
    } catch {
      return { refusal: 'its JSON output is not valid JSON' };
    }
  }
  return { type: 'data.set', config: { values: { [field]: `{{ $eval(${joinedText(value)}) }}` } } };
};

const MS_PER_UNIT: ReadonlyMap<string, number> = new Map([
  ['milliseconds', 1],
  ['seconds', 1000],
  ['minutes', 60_000],
  ['hours', 3_600_000],
  ['days', 86_400_000],
]);

const delay: Rule = (item) => {
  if ((str(item.pauseType) || 'delay') !== 'delay') return { refusal: `the "${str(item.pauseType)}" mode (rate limits, queues) has no equivalent` };
  const amount = Number(str(item.timeout) || '5');
  const factor = MS_PER_UNIT.get(str(item.timeoutUnits) || 'seconds');
  if (!Number.isFinite(amount) || factor === undefined) return { refusal: 'the delay cannot be read' };
  return { type: 'flow.delay', config: { ms: Math.round(amount * factor) } };
};

const debug: Rule = (item, context) => {
  const complete = str(item.complete) || 'payload';
  const targetType = str(item.targetType) || (complete === 'true' ? 'full' : 'msg');
  const expression = targetType === 'full' || complete === 'true' ? '$input' : targetType === 'jsonata' ? nodeRedJsonata(complete, context) : msgPath(complete);
  if (!expression) return { refusal: `the output ${JSON.stringify(complete)} cannot be read here` };
  return { type: 'util.log', config: { message: `{{ ${expression} }}` } };
};

const comment: Rule = (item) => {
  const text = [nonEmptyString(item.name), nonEmptyString(item.info)].filter(Boolean).join('\n\n');
  return { type: 'comment', config: {}, sticky: text };
};

const passThrough = (): NodeRedMapped => ({ type: 'data.set', config: { values: {} } });

const linkIn: Rule = (item, context, say) => {
  const sources = context.linkSources(item.id);
  const home = context.tabOf(item.id);
  const elsewhere = sources.filter((id) => context.tabOf(id) !== undefined && context.tabOf(id) !== home);
  if (elsewhere.length === 0) return passThrough();
  if (elsewhere.length < sources.length) say('it is reached from this tab and from others; links from this tab are edges into a trigger, which the validator reports');
  say('links from other tabs call this workflow: it became its Workflow Trigger');
  return { type: 'trigger.workflow', config: {} };
};

const linkOut: Rule = (item, context, say) => {
  if (item.mode === 'return') {
    say('"return to the calling link node" became a pass-through: the sub-workflow\'s result is what it returns');
    return passThrough();
  }
  const targets = (Array.isArray(item.links) ? item.links : []).filter((id): id is string => typeof id === 'string');
  const home = context.tabOf(item.id);
  const here = targets.filter((id) => context.tabOf(id) === home);
  const elsewhere = targets.filter((id) => context.tabOf(id) !== undefined && context.tabOf(id) !== home);
  const edges: DraftEdge[] = here.map((target) => ({ where: `node ${item.id}.links`, rawId: undefined, source: item.id, target }));
  if (elsewhere.length === 0) return { ...passThrough(), edges };
  if (elsewhere.length > 1) say(`it links to ${elsewhere.length} nodes on other tabs; only the first is called`);
  const tab = context.tabOf(elsewhere[0]!)!;
  return { type: 'flow.subworkflow', config: { path: `./${context.fileOfTab(tab)}` }, edges };
};

const linkCall: Rule = (item, context) => {
  const target = (Array.isArray(item.links) ? item.links : []).find((id): id is string => typeof id === 'string');
  const tab = target === undefined ? undefined : context.tabOf(target);
  if (tab === undefined || tab === context.tabOf(item.id)) return { refusal: 'it calls a link in this tab (call and return within one flow has no equivalent)' };
  return { type: 'flow.subworkflow', config: { path: `./${context.fileOfTab(tab)}` } };
};

const RULES: ReadonlyMap<string, Rule> = new Map([
  ['inject', inject],
  ['http in', httpIn],
  ['http response', httpResponse],
  ['function', functionNode],
  ['change', change],
  ['switch', switchNode],
  ['template', template],
  ['delay', delay],
  ['debug', debug],
  ['comment', comment],
  ['link in', linkIn],
  ['link out', linkOut],
  ['link call', linkCall],
  ['junction', () => passThrough()],
]);

/** Keys every node has, kept elsewhere (name, position, wires) or meaningless here. */
const NODE_KEYS = ['id', 'type', 'z', 'x', 'y', 'w', 'h', 'g', 'wires', 'name', 'd', 'info', 'l'];

/** An unmapped node's config: all its settings, with the config nodes it refers to inlined. */
function unknownConfig(item: NodeRedItem, context: TabContext): Record<string, unknown> {
  const config = without(item, NODE_KEYS);
  // A subflow instance carries its definition, so that nothing of it is lost.
  const subflow = item.type.startsWith('subflow:') ? context.byId.get(item.type.slice('subflow:'.length)) : undefined;
  if (subflow) config.subflow = { ...subflow, nodes: [...context.byId.values()].filter((node) => node.z === subflow.id) };
  const used = Object.entries(config).flatMap(([key, value]) => (typeof value === 'string' && context.configNodes.has(value) ? [[key, without(context.configNodes.get(value)!, ['z'])] as const] : []));
  if (used.length > 0) config.configNodes = Object.fromEntries(used);
  return config;
}

/** Maps one node; refusals and losses become warnings naming the node. */
export function mapNodeRedNode(item: NodeRedItem, context: TabContext, warnings: string[]): NodeRedMapped {
  const label = nonEmptyString(item.name) ? `node ${item.id} (${item.type} "${nonEmptyString(item.name)!}")` : `node ${item.id} (${item.type})`;
  const say = (text: string): void => void warnings.push(`${label}: ${text}`);
  const rule = RULES.get(item.type);
  const result = rule?.(item, context, say);
  if (result && !('refusal' in result)) return result;
  if (result) say(`kept as node-red:${item.type}: ${result.refusal}`);
  return { type: `node-red:${item.type}`, config: unknownConfig(item, context) };
}

