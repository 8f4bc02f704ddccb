/**
 * n8n expressions (`={{ $json.total > 100 }}`, JavaScript inside `{{ }}`) as our `{{ JSONata }}`.
 * Only a small, safe subset is translated: paths into the input and into earlier nodes, literals,
 * comparisons, arithmetic and the conditional operator. Anything else (method calls, `||` used
 * for defaults, `$now`, lambdas, …) would change meaning, so it is kept word for word as an
 * unconverted expression that the validator flags.
 *
 * One n8n item is one of our values: `$json`, `$input.item.json` and `$input.first().json` are
 * our `$input`; `$('Name').item.json`, `$node["Name"].json` are `$node["Name"]`.
 */
import { scanTemplate } from '../expressions/template';
import { braceSafeLiteral, unconvertedExpression, unconvertedTemplate } from '../expressions/unconverted';

/** What the converter learned while converting, for the workflow as a whole. */
export interface ExpressionContext {
  /** `$env.NAME` references: our `$env` is an allow-list, so these go to `settings.env`. */
  envNames: Set<string>;
}

/** The result of converting one expression: JSONata, or why it was kept as written. */
export type Converted = { jsonata: string } | { problem: string };

interface Token {
  kind: 'id' | 'num' | 'str' | 'op';
  text: string;
  /** Whitespace before the token, kept so the result reads like the original. */
  lead: string;
}

const TOKEN = /(\s*)(?:([A-Za-z_$][\w$]*)|(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(===|!==|==|!=|<=|>=|&&|\|\||\?\?|\?\.|=>|\.\.\.|[-+*/%<>!?:.,()[\]{}=`&|^~]))/y;

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) return text.slice(start).trim() === '' ? tokens : undefined;
    const [, lead = '', id, num, str, op] = match;
    if (id !== undefined) tokens.push({ kind: 'id', text: id, lead });
    else if (num !== undefined) tokens.push({ kind: 'num', text: num, lead });
    else if (str !== undefined) tokens.push({ kind: 'str', text: str, lead });
    else tokens.push({ kind: 'op', text: op!, lead });
  }
  return tokens;
}

/** The value of a JavaScript string literal (single or double quoted). */
function stringValue(literal: string): string | undefined {
  const body = literal.slice(1, -1);
  const asDouble = literal.startsWith("'") ? body.replace(/\\'/g, "'").replace(/(^|[^\\])"/g, '$1\\"') : body;
  try {
    return JSON.parse(`"${asDouble}"`) as string;
  } catch {
    return undefined;
  }
}

const SIMPLE_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const JSONATA_WORDS = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);

/** A field name as a JSONata path step. */
function fieldStep(name: string): string {
  return SIMPLE_FIELD.test(name) && !JSONATA_WORDS.has(name) ? name : `\`${name}\``;
}

/** `$node["Name"]` (our rewrite makes it a lookup by name). */
function nodeLookup(name: string): string {
  return `$node[${JSON.stringify(name)}]`;
}

const OPERATORS: ReadonlyMap<string, string> = new Map([
  ['===', '='],
  ['==', '='],
  ['!==', '!='],
  ['!=', '!='],
  ['<', '<'],
  ['>', '>'],
  ['<=', '<='],
  ['>=', '>='],
  ['-', '-'],
  ['*', '*'],
  ['/', '/'],
  ['%', '%'],
  ['?', '?'],
  [':', ':'],
  ['(', '('],
  [')', ')'],
  [',', ','],
]);

/** n8n's ways to say "the item of that node" after `$('Name')` or `$input`: `.item`, `.first()`, `.last()`. */
function itemAccessor(tokens: readonly Token[], at: number): number | undefined {
  const t = (i: number) => tokens[at + i]?.text;
  if (t(0) !== '.') return undefined;
  if (t(1) === 'item') return at + 2;
  if ((t(1) === 'first' || t(1) === 'last') && t(2) === '(' && t(3) === ')') return at + 4;
  return undefined;
}

/** `.json` after an item: the end index, or undefined. */
function jsonAccessor(tokens: readonly Token[], at: number): number | undefined {
  return tokens[at]?.text === '.' && tokens[at + 1]?.text === 'json' ? at + 2 : undefined;
}

/** A piece of the output; a path (`$input.body.qty`) is one piece, so that it can be wrapped whole. */
interface Piece {
  text: string;
  lead: string;
  path: boolean;
}

/** JavaScript turns the operands of these into numbers ("2" * 3 is 6); JSONata refuses strings. */
const ARITHMETIC = new Set(['*', '/', '-', '%']);

class Converter {
  private readonly out: Piece[] = [];
  private i = 0;
  /** The next path is an operand of arithmetic and must be made a number. */
  private numericNext = false;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly context: ExpressionContext,
    private readonly booleanContext: boolean,
  ) {}

  private emit(lead: string, text: string, kind: 'path' | 'step' | 'other' = 'other'): void {
    const last = this.out.at(-1);
    if (kind === 'step' && last?.path) last.text += lead + text;
    else {
      this.closePath();
      this.out.push({ text, lead, path: kind === 'path' });
    }
  }

  /** A finished path that is an operand of arithmetic becomes `$number(path)`. */
  private closePath(): void {
    const last = this.out.at(-1);
    if (last?.path && this.numericNext) {
      last.text = `$number(${last.text})`;
      last.path = false;
      this.numericNext = false;
    }
  }

  private arithmetic(lead: string, operator: string): void {
    this.closePath();
    const last = this.out.at(-1);
    if (last?.path) {
      last.text = `$number(${last.text})`;
      last.path = false;
    }
    this.out.push({ text: operator, lead, path: false });
    this.numericNext = true;
  }

  private fail(problem: string): never {
    throw new ConversionProblem(problem);
  }

  /** True when the previous emitted token ends an operand (so `[` indexes and `(` calls). */
  private afterOperand(): boolean {
    const previous = this.tokens[this.i - 1];
    if (!previous) return false;
    return previous.kind !== 'op' || previous.text === ')' || previous.text === ']';
  }

  run(): string {
    while (this.i < this.tokens.length) this.step();
    this.closePath();
    return this.out.map((piece) => piece.lead + piece.text).join('').trim();
  }

  private step(): void {
    const token = this.tokens[this.i]!;
    if (token.kind === 'num') {
      this.emit(token.lead, token.text);
      this.i++;
    } else if (token.kind === 'str') {
      const value = stringValue(token.text);
      if (value === undefined) this.fail(`the string ${token.text} cannot be read`);
      this.emit(token.lead, braceSafeLiteral(value));
      this.i++;
    } else if (token.kind === 'id') {
      this.identifier(token);
    } else {
      this.operator(token);
    }
  }

  private identifier(token: Token): void {
    const next = this.tokens[this.i + 1]?.text;
    switch (token.text) {
      case 'true':
      case 'false':
      case 'null':
        this.emit(token.lead, token.text);
        this.i++;
        return;
      case '$json':
        this.emit(token.lead, '$input', 'path');
        this.i++;
        return;
      case '$input': {
        const end = jsonAccessor(this.tokens, itemAccessor(this.tokens, this.i + 1) ?? -1);
        if (end === undefined) this.fail('$input is used in a way other than $input.item.json / $input.first().json');
        this.emit(token.lead, '$input', 'path');
        this.i = end;
        return;
      }
      case '$': {
        const name = this.tokens[this.i + 2];
        if (next !== '(' || name?.kind !== 'str' || this.tokens[this.i + 3]?.text !== ')') this.fail('$(…) is called with something other than a node name');
        const nodeName = stringValue(name.text);
        const end = jsonAccessor(this.tokens, itemAccessor(this.tokens, this.i + 4) ?? -1);
        if (nodeName === undefined || nodeName.includes('`') || end === undefined) this.fail(`$(${name.text}) is used other than as .item.json / .first().json`);
        this.emit(token.lead, nodeLookup(nodeName), 'path');
        this.i = end;
        return;
      }
      case '$node': {
        let nodeName: string | undefined;
        let after: number;
        const key = this.tokens[this.i + 2];
        if (next === '[' && key?.kind === 'str' && this.tokens[this.i + 3]?.text === ']') {
          nodeName = stringValue(key.text);
          after = this.i + 4;
        } else if (next === '.' && key?.kind === 'id') {
          nodeName = key.text;
          after = this.i + 3;
        } else this.fail('$node is used without a node name');
        const end = jsonAccessor(this.tokens, after);
        if (nodeName === undefined || nodeName.includes('`') || end === undefined) this.fail('$node["…"] is used for something other than its .json');
        this.emit(token.lead, nodeLookup(nodeName), 'path');
        this.i = end;
        return;
      }
      case '$vars':
      case '$env': {
        const key = this.tokens[this.i + 2];
        if (next !== '.' || key?.kind !== 'id') this.fail(`${token.text} is used without a plain .NAME`);
        if (token.text === '$env') this.context.envNames.add(key.text);
        this.emit(token.lead, `${token.text}.${fieldStep(key.text)}`, 'path');
        this.i += 3;
        return;
      }
      case '$execution':
        if (next !== '.' || this.tokens[this.i + 2]?.text !== 'id') this.fail('$execution is used for something other than .id');
        this.emit(token.lead, '$execution.id');
        this.i += 3;
        return;
      default:
        this.fail(token.text.startsWith('$') ? `${token.text} has no equivalent here` : `"${token.text}" is JavaScript, not a path into the data`);
    }
  }

  private operator(token: Token): void {
    const next = this.tokens[this.i + 1];
    if (token.text === '.' || token.text === '?.') {
      if (next?.kind !== 'id') this.fail(`"${token.text}" is not followed by a field name`);
      if (this.tokens[this.i + 2]?.text === '(') this.fail(`.${next.text}() is a JavaScript method call`);
      if (next.text === 'length') this.fail('.length is JavaScript (use $count or $length)');
      this.emit(token.lead, `.${fieldStep(next.text)}`, 'step');
      this.i += 2;
      return;
    }
    if (token.text === '[') {
      if (!this.afterOperand()) {
        this.emit(token.lead, '[');
        this.i++;
        return;
      }
      const close = this.tokens[this.i + 2]?.text;
      if (next?.kind === 'str' && close === ']') {
        const key = stringValue(next.text);
        if (key === undefined || key.includes('`')) this.fail(`the key ${next.text} cannot be read`);
        this.emit(token.lead, `.\`${key}\``, 'step');
      } else if (next?.kind === 'num' && /^\d+$/.test(next.text) && close === ']') {
        this.emit(token.lead, `[${next.text}]`, 'step');
      } else this.fail('an index that is not a literal key or number');
      this.i += 3;
      return;
    }
    if (token.text === ']') {
      this.emit(token.lead, ']');
      this.i++;
      return;
    }
    if (token.text === '(' && this.afterOperand()) this.fail('a JavaScript function call');
    if (token.text === '&&' || token.text === '||') {
      // In JavaScript `a || b` is a or b (a default), in JSONata a boolean: the same only in a condition.
      if (!this.booleanContext) this.fail(`"${token.text}" returns one of its operands in JavaScript, a boolean in JSONata`);
      this.emit(token.lead, token.text === '&&' ? 'and' : 'or');
      this.i++;
      return;
    }
    if (token.text === '+') {
      // "+" joins strings in JavaScript but only adds numbers in JSONata: safe next to a number literal.
      const previous = this.tokens[this.i - 1];
      if (previous?.kind !== 'num' && next?.kind !== 'num') this.fail('"+" may join strings (JSONata uses &)');
      this.emit(token.lead, '+');
      this.i++;
      return;
    }
    const mapped = OPERATORS.get(token.text);
    if (mapped === undefined) this.fail(`"${token.text}" is JavaScript with no JSONata equivalent`);
    if (ARITHMETIC.has(token.text)) {
      this.arithmetic(token.lead, mapped);
      this.i++;
      return;
    }
    this.emit(token.lead, mapped);
    this.i++;
  }
}

class ConversionProblem extends Error {}

/**
 * Converts the JavaScript of one `{{ }}` to JSONata. `booleanContext` is set where the value is
 * only tested for truth (a condition), where `&&` and `||` mean `and` and `or`.
 */
export function convertN8nExpression(expression: string, context: ExpressionContext, booleanContext = false): Converted {
  const tokens = tokenize(expression);
  if (!tokens) return { problem: 'it holds characters that are not JavaScript' };
  if (tokens.length === 0) return { problem: 'it is empty' };
  try {
    return { jsonata: new Converter(tokens, context, booleanContext).run() };
  } catch (error) {
    if (error instanceof ConversionProblem) return { problem: error.message };
    throw error;
  }
}

/** An n8n parameter value that is an expression: a string starting with "=". */
export function isN8nExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=');
}

/** A literal text as our template: plain text, unless it holds `{{ }}`, which would be evaluated. */
export function literalText(text: string): string {
  return scanTemplate(text) ? `{{ ${braceSafeLiteral(text)} }}` : text;
}

/** What became of one parameter value. */
export interface ConvertedValue {
  value: unknown;
  /** Set when an expression was kept as written; the reason. */
  problem?: string;
}

/**
 * Converts an n8n parameter string (`=Hello {{ $json.name }}`, or a literal) to our template.
 * When a part cannot be converted the whole value is kept as written, as an unconverted
 * expression.
 */
export function convertN8nString(text: string, context: ExpressionContext): ConvertedValue {
  if (!isN8nExpression(text)) return { value: literalText(text) };
  const body = text.slice(1);
  const scanned = scanTemplate(body);
  if (!scanned) return { value: literalText(body) };
  let out = scanned.literals[0]!;
  for (let index = 0; index < scanned.parts.length; index++) {
    const converted = convertN8nExpression(scanned.parts[index]!.expression, context);
    if ('problem' in converted) return { value: unconvertedTemplate('n8n', text), problem: converted.problem };
    out += `{{ ${converted.jsonata} }}${scanned.literals[index + 1]!}`;
  }
  return { value: out };
}

/** A JSON value as JSONata source: strings brace-safe, objects and arrays as JSONata constructors. */
export function jsonataLiteral(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return braceSafeLiteral(value);
  if (Array.isArray(value)) return `[${value.map(jsonataLiteral).join(', ')}]`;
  if (typeof value === 'object') return `{ ${Object.entries(value).map(([key, item]) => `${braceSafeLiteral(key)}: ${jsonataLiteral(item)}`).join(', ')} }`;
  return JSON.stringify(value);
}

/**
 * An n8n value as a JSONata expression (for conditions and computed objects): a literal becomes
 * a JSONata literal, `={{ x }}` its conversion, `=a {{ x }} b` a string join.
 */
export function n8nValueAsJsonata(value: unknown, context: ExpressionContext, booleanContext = false): { jsonata: string; problem?: string } {
  if (!isN8nExpression(value)) return { jsonata: jsonataLiteral(value) };
  const body = value.slice(1);
  const scanned = scanTemplate(body);
  if (!scanned) return { jsonata: braceSafeLiteral(body) };
  const whole = scanned.parts.length === 1 && scanned.literals[0] === '' && scanned.literals[1] === '';
  const pieces: string[] = [];
  for (let index = 0; index < scanned.parts.length; index++) {
    const converted = convertN8nExpression(scanned.parts[index]!.expression, context, booleanContext && whole);
    if ('problem' in converted) return { jsonata: unconvertedExpression('n8n', value), ...converted };
    if (whole) return converted;
    if (scanned.literals[index] !== '') pieces.push(braceSafeLiteral(scanned.literals[index]!));
    pieces.push(`$string(${converted.jsonata})`);
  }
  const tail = scanned.literals[scanned.parts.length]!;
  if (tail !== '') pieces.push(braceSafeLiteral(tail));
  return { jsonata: pieces.join(' & ') };
}
