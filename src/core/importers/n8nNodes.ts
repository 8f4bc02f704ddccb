/**
 * n8n node types and what they become here. A rule maps a type only when its parameters carry
 * over faithfully (an IF whose conditions we can write in JSONata, a Wait for a time interval…);
 * otherwise the node keeps its n8n type and all its data, and the validator reports it.
 * Each rule also says which of our handles n8n's output and input indexes become.
 */
import { workflowFileName } from '../model/fileName';
import { isRecord } from './jsonValues';
import { convertFilter, convertV1Conditions, conditionTemplate, equalityCases } from './n8nConditions';
import { isN8nExpression, jsonataLiteral, n8nValueAsJsonata, type ExpressionContext } from './n8nExpressions';
import { adaptN8nCode } from './n8nCode';
import { scheduleFromCron, scheduleFromRule } from './n8nSchedule';

/** What a rule needs to know about the node and the workflow. */
export interface N8nNodeContext {
  name: string;
  typeVersion: number;
  parameters: Record<string, unknown>;
  expressions: ExpressionContext;
  /** Secrets by n8n credential type, for the credentials this node uses. */
  secrets: ReadonlyMap<string, string>;
  /** The workflow's time zone (n8n `settings.timezone`). */
  timezone?: string;
  /** Lossy steps about this node, without the node's name (the reader adds it). */
  notes: string[];
  /** Converts a parameter value (expressions included), noting each expression kept as written. */
  convert(value: unknown, field: string): unknown;
}

/** What a node became. */
export interface N8nMapped {
  type: string;
  config: Record<string, unknown>;
  /** Our source handle for n8n output `index` (default: "out" for 0, else `output_<index>`). */
  output?(index: number): string | undefined;
  /** n8n outputs the response body; our node outputs `{ status, headers, body }` (see the reader). */
  outputsBody?: boolean;
}

type Rule = (node: N8nNodeContext) => N8nMapped | { refusal: string };

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);

/** `{ parameters: [{ name, value }] }` (HTTP Request query, headers, body) as an object. */
function nameValues(value: unknown, node: N8nNodeContext, field: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of list(record(value).parameters)) {
    const name = str(item.name);
    if (name) out[name] = node.convert(item.value ?? '', `${field}.${name}`);
  }
  return out;
}

const WEBHOOK_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const RESPONSE_MODES: ReadonlyMap<string, string> = new Map([
  ['onReceived', 'immediate'],
  ['lastNode', 'lastNode'],
  ['responseNode', 'lastNode'],
]);

const webhook: Rule = (node) => {
  const p = node.parameters;
  const method = (str(p.httpMethod) ?? 'GET').toUpperCase();
  if (!WEBHOOK_METHODS.has(method)) return { refusal: `the method ${method} is not one a webhook trigger accepts` };
  const path = (str(p.path) ?? '').replace(/^\/+/, '');
  if (path === '' || path.includes(':')) return { refusal: 'the path is empty or has route parameters (:id)' };
  const mode = str(p.responseMode) ?? 'onReceived';
  const responseMode = RESPONSE_MODES.get(mode);
  if (!responseMode) return { refusal: `the response mode "${mode}" has no equivalent` };
  if (mode === 'responseNode') node.notes.push('answers with the output of the run, which is what the Respond to Webhook node outputs when it ends the workflow');
  if (mode === 'onReceived') node.notes.push('answers 202 with the execution id, where n8n answered 200 "Workflow was started"');
  if (str(p.authentication) && p.authentication !== 'none') node.notes.push(`its ${String(p.authentication)} check is not kept (our webhook checks HMAC signatures: set config.auth)`);
  return { type: 'trigger.webhook', config: { path, method, responseMode } };
};

const schedule: Rule = (node) => {
  const built = scheduleFromRule(node.parameters.rule);
  if ('refusal' in built) return built;
  if (built.dropped > 0) node.notes.push(`only the first of ${built.dropped + 1} schedule rules was kept`);
  return { type: 'trigger.schedule', config: { cron: built.cron, timezone: node.timezone ?? 'UTC' } };
};

const cron: Rule = (node) => {
  const built = scheduleFromCron(node.parameters.triggerTimes);
  if ('refusal' in built) return built;
  if (built.dropped > 0) node.notes.push(`only the first of ${built.dropped + 1} trigger times was kept`);
  return { type: 'trigger.schedule', config: { cron: built.cron, timezone: node.timezone ?? 'UTC' } };
};

/** `={{ x }}`: one expression and nothing around it. */
function isWholeExpression(value: unknown): boolean {
  return isN8nExpression(value) && /^=\s*\{\{[\s\S]*\}\}\s*$/.test(value) && value.indexOf('{{', 3) === -1;
}

/** The JSONata of one Set assignment, typed as n8n types it. */
function assignmentValue(value: unknown, type: string, node: N8nNodeContext, field: string): string {
  const converted = n8nValueAsJsonata(value, node.expressions);
  if (converted.problem) node.notes.push(`${field}: expression kept as written (${converted.problem})`);
  if (!isN8nExpression(value)) return converted.jsonata;
  if (type === 'number') return `$number(${converted.jsonata})`;
  if (type === 'boolean') return `$boolean(${converted.jsonata})`;
  if (type === 'string') return `$string(${converted.jsonata})`;
  return converted.jsonata;
}

/** `a.b.c` = v as nested JSONata object constructors, merged per first key. */
function objectExpression(fields: readonly { path: string[]; jsonata: string }[]): string {
  const tree = new Map<string, unknown>();
  for (const { path, jsonata } of fields) {
    let level = tree;
    path.forEach((key, index) => {
      if (index === path.length - 1) level.set(key, jsonata);
      else {
        const next = level.get(key);
        const child = next instanceof Map ? (next as Map<string, unknown>) : new Map<string, unknown>();
        level.set(key, child);
        level = child;
      }
    });
  }
  const render = (level: Map<string, unknown>): string =>
    `{ ${[...level].map(([key, value]) => `${JSON.stringify(key)}: ${value instanceof Map ? render(value as Map<string, unknown>) : String(value)}`).join(', ')} }`;
  return render(tree);
}

/** Set / Edit Fields: the assignments of every version, and whether other fields are kept. */
function setAssignments(node: N8nNodeContext): { fields: { name: string; value: unknown; type: string }[]; keepOthers: boolean } | { refusal: string } {
  const p = node.parameters;
  const options = record(p.options);
  if (node.typeVersion >= 3) {
    if (p.mode === 'raw') return { refusal: 'the JSON mode (jsonOutput) is kept as it is' };
    const include = str(p.include) ?? 'all';
    if (include === 'selected' || include === 'except') return { refusal: `"include ${include}" fields cannot be written as Set Fields` };
    const keepOthers = node.typeVersion >= 3.3 ? p.includeOtherFields === true : include === 'all';
    if (node.typeVersion >= 3.3) {
      const fields = list(record(p.assignments).assignments).map((a) => ({ name: str(a.name) ?? '', value: a.value, type: str(a.type) ?? 'string' }));
      return { fields, keepOthers };
    }
    const fields = list(record(p.fields).values).map((f) => {
      const type = (str(f.type) ?? 'stringValue').replace(/Value$/, '');
      return { name: str(f.name) ?? '', value: f[`${type}Value`] ?? f.stringValue, type };
    });
    return { fields, keepOthers };
  }
  const values = record(p.values);
  const fields = Object.entries(values).flatMap(([type, items]) => list(items).map((item) => ({ name: str(item.name) ?? '', value: item.value, type })));
  if (options.dotNotation === false) return { refusal: 'dot notation is off (names with dots are literal)' };
  return { fields, keepOthers: p.keepOnlySet !== true };
}

const set: Rule = (node) => {
  const read = setAssignments(node);
  if ('refusal' in read) return read;
  const fields = read.fields.filter((field) => field.name !== '');
  const dotted = fields.some((field) => field.name.includes('.'));
  if (read.keepOthers && !dotted) {
    // Our Set Fields merges into the input, as n8n does when it keeps the other fields.
    const values: Record<string, unknown> = {};
    for (const field of fields) {
      const jsonata = isWholeExpression(field.value) ? assignmentValue(field.value, field.type, node, `values.${field.name}`) : '';
      // A whole expression keeps n8n's type conversion; text around expressions stays a template.
      values[field.name] = isWholeExpression(field.value) ? `{{ ${jsonata} }}` : node.convert(field.value, `values.${field.name}`);
    }
    return { type: 'data.set', config: { values } };
  }
  const object = objectExpression(fields.map((field) => ({ path: field.name.split('.'), jsonata: assignmentValue(field.value, field.type, node, field.name) })));
  if (read.keepOthers) {
    node.notes.push('fields with dots are merged one level deep ($merge), where n8n merges them at any depth');
    return { type: 'data.transform', config: { expression: `$merge([$, ${object}])` } };
  }
  // n8n outputs only the fields it sets: a computed object, not a merge.
  return { type: 'data.transform', config: { expression: object } };
};

const ifNode: Rule = (node) => {
  const p = node.parameters;
  const converted = node.typeVersion >= 2 ? convertFilter(p.conditions, node.expressions) : convertV1Conditions(p.conditions, p.combineOperation, node.expressions);
  if (converted.problems.length > 0) node.notes.push(`condition kept as written (${converted.problems.join('; ')})`);
  return { type: 'flow.if', config: { condition: conditionTemplate(converted, p.conditions) }, output: (index) => (index === 0 ? 'true' : index === 1 ? 'false' : undefined) };
};

const filter: Rule = (node) => {
  const converted = convertFilter(node.parameters.conditions, node.expressions);
  if (converted.problems.length > 0) return { refusal: converted.problems.join('; ') };
  node.notes.push('the Filter became an If whose "false" branch goes nowhere');
  return { type: 'flow.if', config: { condition: `{{ ${converted.jsonata} }}` }, output: (index) => (index === 0 ? 'true' : 'output_' + index) };
};

/** Switch rules in the shape of each version, as `{ left, operation, right }`. */
function switchRules(node: N8nNodeContext): { rules: { left: unknown; operation: string; right: unknown }[]; fallback: unknown } | { refusal: string } {
  const p = node.parameters;
  if ((str(p.mode) ?? 'rules') !== 'rules') return { refusal: 'the expression mode (an output number computed per item) has no equivalent' };
  const options = record(p.options);
  if (options.allMatchingOutputs === true) return { refusal: '"send data to all matching outputs" has no equivalent' };
  if (node.typeVersion >= 3) {
    const rules = list(record(p.rules).values).map((rule) => {
      const conditions = list(record(rule.conditions).conditions);
      const only = conditions.length === 1 ? conditions[0]! : {};
      return { left: only.leftValue, operation: conditions.length === 1 ? String(record(only.operator).operation ?? '') : 'many', right: only.rightValue };
    });
    return { rules, fallback: options.fallbackOutput };
  }
  const rules = list(record(p.rules).rules).map((rule, index) => ({ left: p.value1, operation: str(rule.operation) ?? 'equal', right: rule.value2, output: num(rule.output) ?? index }));
  if (rules.some((rule, index) => rule.output !== index)) return { refusal: 'rules send to outputs out of order' };
  return { rules, fallback: p.fallbackOutput };
}

const switchNode: Rule = (node) => {
  const read = switchRules(node);
  if ('refusal' in read) return read;
  const cases = equalityCases(read.rules, node.expressions);
  if (!cases) return { refusal: 'only rules that compare one value for equality with fixed values become a Switch' };
  const count = cases.cases.length;
  const fallback = read.fallback;
  // Version 3 adds the fallback as an extra output; versions 1–2 name an output number (or -1, none).
  const fallbackIndex = fallback === 'extra' ? count : typeof fallback === 'number' && fallback >= 0 ? fallback : undefined;
  if (fallbackIndex !== undefined && fallbackIndex < count) return { refusal: 'the fallback output is also a rule output' };
  return {
    type: 'flow.switch',
    config: { value: cases.value, cases: cases.cases },
    output: (index) => (index < count ? String(cases.cases[index]) : index === fallbackIndex ? 'default' : undefined),
  };
};

const merge: Rule = (node) => {
  const mode = str(node.parameters.mode) ?? 'append';
  if (mode !== 'append') return { refusal: `the mode "${mode}" has no equivalent (only "append" does)` };
  node.notes.push('its inputs are collected into one array, where n8n appended the items');
  return { type: 'flow.merge', config: { mode: 'array' } };
};

const MS_PER_UNIT: ReadonlyMap<string, number> = new Map([
  ['seconds', 1000],
  ['minutes', 60_000],
  ['hours', 3_600_000],
  ['days', 86_400_000],
]);

const wait: Rule = (node) => {
  const p = node.parameters;
  const resume = str(p.resume) ?? 'timeInterval';
  if (resume !== 'timeInterval') return { refusal: `resuming on "${resume}" has no equivalent` };
  // n8n's defaults: one hour.
  const amount = num(p.amount) ?? 1;
  const unit = str(p.unit) ?? 'hours';
  const factor = MS_PER_UNIT.get(unit);
  if (factor === undefined) return { refusal: `the unit "${unit}" is not known` };
  return { type: 'flow.delay', config: { ms: Math.round(amount * factor) } };
};

const code: Rule = (node) => {
  const p = node.parameters;
  const language = str(p.language) ?? 'javaScript';
  if (language !== 'javaScript') return { refusal: `${language} code does not run here` };
  const source = str(p.jsCode) ?? str(p.functionCode);
  if (source === undefined) return { refusal: 'no JavaScript code' };
  const perItem = p.mode === 'runOnceForEachItem';
  const adapted = adaptN8nCode(source, perItem);
  for (const problem of adapted.problems) node.notes.push(`code: ${problem}`);
  node.notes.push('the code runs inside an adapter that gives it $input, $json, items and $(…) over our single input');
  return { type: 'code.javascript', config: { code: adapted.code } };
};

/** `{ parameter: [{ name, value }] }` (HTTP Request versions 1–2) as an object. */
function parameterList(value: unknown, node: N8nNodeContext, field: string): Record<string, unknown> {
  return nameValues({ parameters: record(value).parameter }, node, field);
}

/** HTTP Request versions 1 and 2: `requestMethod`, `…ParametersUi` lists, `jsonParameters`. */
const httpV1: Rule = (node) => {
  const p = node.parameters;
  const options = record(p.options);
  if (str(p.responseFormat) && p.responseFormat !== 'json' && p.responseFormat !== 'string') return { refusal: `the ${String(p.responseFormat)} response format has no equivalent` };
  if (p.sendBinaryData === true) return { refusal: 'binary bodies are not sent here' };
  const config: Record<string, unknown> = { method: (str(p.requestMethod) ?? 'GET').toUpperCase(), url: node.convert(p.url ?? '', 'url') };
  const query = p.jsonParameters === true ? undefined : parameterList(p.queryParametersUi, node, 'query');
  if (query && Object.keys(query).length > 0) config.query = query;
  const headers = p.jsonParameters === true ? {} : parameterList(p.headerParametersUi, node, 'headers');
  if (p.jsonParameters === true) {
    for (const [key, field] of [['headers', 'headerParametersJson'], ['query', 'queryParametersJson'], ['body', 'bodyParametersJson']] as const) {
      const value = p[field];
      if (value === undefined || value === '') continue;
      const converted = typeof value === 'string' && !isN8nExpression(value) ? parseJsonOr(value) : node.convert(value, key);
      if (key === 'headers' && isRecord(converted)) Object.assign(headers, converted);
      else config[key] = converted;
    }
  } else {
    const body = parameterList(p.bodyParametersUi, node, 'body');
    if (Object.keys(body).length > 0) config.body = body;
  }
  const bearer = node.secrets.get('httpBearerAuth');
  if (bearer) headers.Authorization = `Bearer {{ $secrets.${bearer} }}`;
  if (Object.keys(headers).length > 0) config.headers = headers;
  const timeout = num(options.timeout);
  if (timeout !== undefined && timeout >= 1) config.timeoutMs = timeout;
  const full = options.fullResponse === true;
  if (full) node.notes.push('outputs { status, headers, body } where n8n named them statusCode, headers, body');
  return { type: 'http.request', config, outputsBody: !full };
};

const http: Rule = (node) => {
  const p = node.parameters;
  if (node.typeVersion < 3) return httpV1(node);
  const config: Record<string, unknown> = { method: (str(p.method) ?? 'GET').toUpperCase(), url: node.convert(p.url ?? '', 'url') };
  if (p.sendQuery === true) config.query = nameValues(p.queryParameters, node, 'query');
  const headers = p.sendHeaders === true ? nameValues(p.headerParameters, node, 'headers') : {};
  if (p.sendBody === true) {
    const contentType = str(p.contentType) ?? 'json';
    if (contentType === 'json' && p.specifyBody === 'json') {
      const body = p.jsonBody;
      config.body = typeof body === 'string' && !isN8nExpression(body) ? parseJsonOr(body) : node.convert(body, 'body');
    } else if (contentType === 'json') config.body = nameValues(p.bodyParameters, node, 'body');
    else if (contentType === 'raw') {
      config.body = node.convert(p.body ?? '', 'body');
      if (str(p.rawContentType)) headers['content-type'] = p.rawContentType;
    } else return { refusal: `a ${contentType} body is not sent here` };
  }
  const bearer = node.secrets.get('httpBearerAuth');
  if (bearer) headers.Authorization = `Bearer {{ $secrets.${bearer} }}`;
  if (Object.keys(headers).length > 0) config.headers = headers;
  const options = record(p.options);
  const timeout = num(options.timeout);
  if (timeout !== undefined && timeout >= 1) config.timeoutMs = timeout;
  const response = record(record(options.response).response);
  if (response.neverError === true) config.allowErrorStatus = true;
  const full = response.fullResponse === true;
  if (full) node.notes.push('outputs { status, headers, body } where n8n named them statusCode, headers, body');
  return { type: 'http.request', config, outputsBody: !full };
};

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const executeWorkflow: Rule = (node) => {
  const p = node.parameters;
  const source = str(p.source) ?? 'database';
  if (source === 'localFile') {
    const path = str(p.workflowPath);
    if (!path) return { refusal: 'no workflow file' };
    node.notes.push(`calls ${path}: import that n8n file too and point config.path at the result`);
    return { type: 'flow.subworkflow', config: { path: path.replace(/\.json$/i, '.workflow.json') } };
  }
  if (source !== 'database') return { refusal: `a workflow given by ${source} has no equivalent` };
  const locator = p.workflowId;
  const id = isRecord(locator) ? locator.value : locator;
  const label = isRecord(locator) && str(locator.cachedResultName) ? str(locator.cachedResultName)! : String(id ?? 'workflow');
  const file = `./${workflowFileName(label)}`;
  node.notes.push(`calls n8n workflow ${JSON.stringify(id)}: import it to ${file} (or change config.path)`);
  return { type: 'flow.subworkflow', config: { path: file } };
};

const loop: Rule = (node) => {
  if (node.typeVersion < 3) return { refusal: 'Split In Batches before version 3 loops through an IF; kept as it is' };
  const size = num(record(node.parameters).batchSize) ?? 1;
  if (size !== 1) node.notes.push(`batches of ${size} became one item at a time`);
  node.notes.push('loops over its input when it is a list (one n8n item is one value here)');
  return { type: 'flow.forEach', config: { items: '{{ $type($input) = "array" ? $input : [$input] }}' }, output: (index) => (index === 0 ? 'done' : index === 1 ? 'item' : undefined) };
};

const stopAndError: Rule = (node) => {
  const p = node.parameters;
  if ((str(p.errorType) ?? 'errorMessage') !== 'errorMessage') return { refusal: 'an error object has no equivalent (only a message)' };
  return { type: 'flow.fail', config: { message: node.convert(p.errorMessage ?? 'Stopped', 'message') } };
};

/** Respond to Webhook: what it answers becomes its output, which the webhook (answering with the run's output) sends. */
const respondToWebhook: Rule = (node) => {
  const p = node.parameters;
  const respondWith = str(p.respondWith) ?? 'firstIncomingItem';
  const options = record(p.options);
  if (options.responseCode !== undefined || isRecord(options.responseHeaders)) node.notes.push('its status code and headers are not kept: the webhook answers 200');
  node.notes.push('answers only when it ends the workflow (our webhook answers with the output of the run)');
  switch (respondWith) {
    case 'firstIncomingItem':
      return { type: 'data.transform', config: { expression: '$' } };
    case 'allIncomingItems':
      return { type: 'data.transform', config: { expression: '[$]' } };
    case 'noData':
      return { type: 'data.transform', config: { expression: 'null' } };
    case 'json': {
      const body = p.responseBody;
      if (typeof body === 'string' && !isN8nExpression(body)) {
        try {
          return { type: 'data.transform', config: { expression: jsonataLiteral(JSON.parse(body) as unknown) } };
        } catch {
          return { refusal: 'the JSON body is not valid JSON' };
        }
      }
      const converted = n8nValueAsJsonata(body, node.expressions);
      if (converted.problem) node.notes.push(`responseBody: expression kept as written (${converted.problem})`);
      return { type: 'data.transform', config: { expression: converted.jsonata } };
    }
    case 'text': {
      const converted = n8nValueAsJsonata(p.responseBody ?? '', node.expressions);
      if (converted.problem) node.notes.push(`responseBody: expression kept as written (${converted.problem})`);
      return { type: 'data.transform', config: { expression: converted.jsonata } };
    }
    default:
      return { refusal: `answering with ${respondWith} has no equivalent` };
  }
};

const noOp: Rule = () => ({ type: 'data.set', config: { values: {} } });
const manual: Rule = () => ({ type: 'trigger.manual', config: {} });
const executeWorkflowTrigger: Rule = () => ({ type: 'trigger.workflow', config: {} });

/** n8n type names (without the `n8n-nodes-base.` prefix) and their rules. */
const RULES: ReadonlyMap<string, Rule> = new Map([
  ['manualTrigger', manual],
  ['start', manual],
  ['webhook', webhook],
  ['scheduleTrigger', schedule],
  ['cron', cron],
  ['set', set],
  ['if', ifNode],
  ['filter', filter],
  ['switch', switchNode],
  ['merge', merge],
  ['code', code],
  ['function', code],
  ['httpRequest', http],
  ['wait', wait],
  ['noOp', noOp],
  ['respondToWebhook', respondToWebhook],
  ['stopAndError', stopAndError],
  ['executeWorkflow', executeWorkflow],
  ['executeWorkflowTrigger', executeWorkflowTrigger],
  ['splitInBatches', loop],
]);

/** The rule for an n8n type, e.g. `n8n-nodes-base.httpRequest`. */
export function n8nRule(type: string): Rule | undefined {
  const match = /^n8n-nodes-base\.(.+)$/.exec(type);
  return match ? RULES.get(match[1]!) : undefined;
}

