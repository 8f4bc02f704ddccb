/**
 * Foreign node types whose meaning is clear, translated to ours with their config. A type is
 * only translated when its settings can be carried over faithfully; otherwise the node keeps its
 * foreign type and all its data (the validator then reports the unknown type), which is safer
 * than a node of our type that silently does something else.
 */
import { z } from 'zod';
import { getNodeDefinition } from '../nodes/registry';
import { readCondition } from './conditionExpression';
import { without } from './jsonValues';
import { readDelayMs, readHttpConfig, readKeyValues, readLogConfig, firstString } from './knownTypeConfigs';

/** What a rule made of a node's data. */
type Translated = { config: Record<string, unknown>; consumed: string[]; note?: string } | { refusal: string };

interface TypeRule {
  type: string;
  /** Normalized foreign names (see `normalizeTypeName`). */
  aliases: readonly string[];
  translate(data: Record<string, unknown>): Translated;
}

const RULES: readonly TypeRule[] = [
  { type: 'trigger.manual', aliases: ['manual', 'manualtrigger', 'start', 'starttrigger', 'triggermanual'], translate: () => ({ config: {}, consumed: [] }) },
  { type: 'http.request', aliases: ['http', 'httprequest', 'httpcall', 'apirequest', 'apicall', 'restapi', 'fetch', 'webrequest', 'request'], translate: readHttpConfig },
  {
    type: 'flow.if',
    aliases: ['if', 'ifelse', 'condition', 'conditional', 'branch', 'decision'],
    translate: (data) => {
      const read = readCondition(data);
      if (!read) return { refusal: 'no condition found (expected condition, expression or field/operator/value)' };
      return { config: { condition: read.condition }, consumed: read.consumed, note: read.rewritten };
    },
  },
  {
    type: 'flow.delay',
    aliases: ['delay', 'wait', 'sleep', 'pause'],
    translate: (data) => {
      const read = readDelayMs(data);
      return read ? { config: { ms: read.ms }, consumed: read.consumed } : { refusal: 'no duration with a known unit found' };
    },
  },
  { type: 'util.log', aliases: ['log', 'logger', 'console', 'consolelog', 'debuglog'], translate: readLogConfig },
  {
    type: 'code.javascript',
    aliases: ['code', 'javascript', 'js', 'script', 'function', 'jscode', 'customcode', 'runcode', 'runjavascript'],
    translate: (data) => {
      const code = firstString(data, ['code', 'script', 'source', 'jsCode', 'javascript', 'functionCode']);
      if (!code) return { refusal: 'no source code found' };
      return { config: { code: code.value }, consumed: [code.key], note: 'the code was kept as written; check that it is a function body that reads $input and returns the output' };
    },
  },
  {
    type: 'system.shell',
    aliases: ['shell', 'shellcommand', 'executecommand', 'exec', 'bash', 'runcommand'],
    translate: (data) => {
      const command = firstString(data, ['command', 'cmd']);
      if (!command) return { refusal: 'no command found' };
      const cwd = firstString(data, ['cwd', 'workingDirectory']);
      return { config: { command: command.value, ...(cwd ? { cwd: cwd.value } : {}) }, consumed: [command.key, ...(cwd ? [cwd.key] : [])] };
    },
  },
  {
    type: 'data.set',
    aliases: ['set', 'setfields', 'setvalues', 'editfields'],
    translate: (data) => {
      for (const key of ['values', 'fields', 'assignments']) {
        const values = readKeyValues(data[key]);
        if (values) return { config: { values }, consumed: [key] };
      }
      return { refusal: 'no values found' };
    },
  },
  {
    type: 'flow.merge',
    aliases: ['merge', 'mergebranches'],
    translate: (data) => (data.mode === 'object' || data.mode === 'array' ? { config: { mode: data.mode }, consumed: ['mode'] } : { config: {}, consumed: [] }),
  },
  {
    type: 'flow.fail',
    aliases: ['fail', 'stopanderror', 'throwerror', 'raiseerror'],
    translate: (data) => {
      const message = firstString(data, ['message', 'errorMessage', 'error', 'reason']);
      return message ? { config: { message: message.value }, consumed: [message.key] } : { config: {}, consumed: [] };
    },
  },
];

const RULE_BY_ALIAS = new Map(RULES.flatMap((rule) => rule.aliases.map((alias) => [alias, rule] as const)));

/** `HTTP Request`, `http-request`, `httpRequestNode` → `httprequest`. */
export function normalizeTypeName(name: string): string {
  const compact = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return compact.endsWith('node') && compact.length > 4 ? compact.slice(0, -4) : compact;
}

/** Config keys a registered type declares, or undefined when its schema does not list them. */
function declaredConfigKeys(type: string): Set<string> | undefined {
  const schema: unknown = getNodeDefinition(type)?.configSchema;
  return schema instanceof z.ZodObject ? new Set(Object.keys(schema.shape)) : undefined;
}

/** A translated node: our type and its config. */
export interface KnownType {
  type: string;
  config: Record<string, unknown>;
}

/** A name that may say what a node is, and the key of the node's data it came from (if any). */
export interface TypeCandidate {
  name: unknown;
  dataKey?: string;
}

/**
 * Translates a node when one of `candidates` (its type, then type-like fields of its data) names
 * a type we know. The first candidate a rule claims decides: when that rule cannot carry the
 * settings over, the node stays foreign (with a warning saying why). `data` becomes the config:
 * keys a rule does not read are kept, so nothing is lost, and a warning lists those the type
 * does not use.
 */
export function translateKnownType(candidates: readonly TypeCandidate[], data: Record<string, unknown>, where: string, warnings: string[]): KnownType | undefined {
  for (const candidate of candidates) {
    if (typeof candidate.name !== 'string' || candidate.name === '') continue;
    const name = candidate.name;
    const settings = candidate.dataKey === undefined ? data : without(data, [candidate.dataKey]);
    if (getNodeDefinition(name)) return { type: name, config: settings };
    const rule = RULE_BY_ALIAS.get(normalizeTypeName(name));
    if (!rule) continue;
    const translated = rule.translate(settings);
    if ('refusal' in translated) {
      warnings.push(`${where}: "${name}" looks like ${rule.type} but was kept as it is: ${translated.refusal}`);
      return undefined;
    }
    const config = { ...translated.config, ...without(settings, translated.consumed) };
    if (translated.note) warnings.push(`${where}: "${name}" became ${rule.type}; ${translated.note}`);
    const declared = declaredConfigKeys(rule.type);
    const unused = declared ? Object.keys(config).filter((key) => !declared.has(key)) : [];
    if (unused.length > 0) warnings.push(`${where}: "${name}" became ${rule.type}; config keys it does not use were kept: ${unused.join(', ')}`);
    return { type: rule.type, config };
  }
  return undefined;
}
