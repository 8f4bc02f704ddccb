/**
 * Strict JSON parsing. `JSON.parse` decides what is valid (it is the strictest and fastest
 * judge); only when it refuses does jsonc-parser's error-recovering parser say where and why.
 * Comments and trailing commas — which jsonc-parser would accept — are reported as errors, but
 * as errors that still let the rest of the file be checked, since the intent is clear.
 */
import { createScanner, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { messageOf } from '../errors';
import { countKeys, scanValidJson } from './jsonText';
import { JsonTextIndex } from './textIndex';
import type { Reporter } from './reporter';

/**
 * Deeper nesting is refused before parsing: jsonc-parser and the checks after it recurse, and
 * a hostile file of 100,000 `[` must give a diagnostic, not a stack overflow.
 */
export const MAX_NESTING = 512;

// jsonc-parser's token kinds (its `SyntaxKind` is a const enum, which isolatedModules cannot read).
const TOKEN = {
  OpenBrace: 1,
  CloseBrace: 2,
  OpenBracket: 3,
  CloseBracket: 4,
  Comma: 5,
  Null: 7,
  True: 8,
  False: 9,
  String: 10,
  Number: 11,
  LineComment: 12,
  BlockComment: 13,
  LineBreak: 14,
  Trivia: 15,
  Unknown: 16,
  EOF: 17,
} as const;

const PARSE_ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name (a "quoted string") expected',
  ValueExpected: 'value expected',
  ColonExpected: 'colon expected',
  CommaExpected: 'comma expected',
  CloseBraceExpected: '"}" expected',
  CloseBracketExpected: '"]" expected',
  EndOfFileExpected: 'end of file expected (only one top-level value is allowed)',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape sequence',
  InvalidEscapeCharacter: 'invalid escape character in string',
  InvalidCharacter: 'invalid character in string (control characters must be escaped)',
};

/**
 * Parses `text` as strict JSON, reporting every problem to `reporter`. Returns undefined when
 * the text cannot be understood; otherwise `{ value }`, also when only tolerable problems
 * (comments, trailing commas, duplicate keys) were found and reported as errors.
 */
export function parseStrictJson(text: string, reporter: Reporter): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return parseInvalidJson(text, reporter, error);
  }
  // Valid JSON, the usual case, takes the fast path: one scan instead of a tree.
  const summary = scanValidJson(text, MAX_NESTING);
  if (summary.tooDeepAt >= 0) {
    reportTooDeep(reporter, summary.tooDeepAt);
    return undefined;
  }
  reporter.textParsed();
  if (summary.keyCount !== countKeys(value)) reportDuplicateKeys(text, reporter);
  return { value };
}

/** The slow path: jsonc-parser's error-recovering parser, for its positions and messages. */
function parseInvalidJson(text: string, reporter: Reporter, jsonError: unknown): { value: unknown } | undefined {
  const before = reporter.diagnostics.length;
  const tolerable = scanForLenientSyntax(text, reporter);
  const errors: ParseError[] = [];
  const root = tolerable ? parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false }) : undefined;
  let lastOffset = -1;
  for (const error of errors) {
    // jsonc-parser often reports two complaints about one token; the first one says it.
    if (error.offset === lastOffset) continue;
    lastOffset = error.offset;
    const name = printParseErrorCode(error.error);
    reporter.error('JSON_SYNTAX', `JSON syntax: ${PARSE_ERROR_TEXT[name] ?? name}`, [], {
      range: { offset: error.offset, length: error.length },
    });
  }
  if (reporter.diagnostics.length === before) {
    // JSON.parse refused what jsonc-parser took: never let such a file pass as valid.
    const position = /position (\d+)/.exec(messageOf(jsonError))?.[1];
    reporter.error('JSON_SYNTAX', `JSON syntax: ${messageOf(jsonError)}`, [], { range: { offset: position ? Number(position) : 0, length: 1 } });
    return undefined;
  }
  if (errors.length > 0 || !root) return undefined;
  reporter.textParsed();
  reportDuplicateKeys(text, reporter);
  return { value: toValue(root) };
}

function reportTooDeep(reporter: Reporter, offset: number): void {
  reporter.error('JSON_SYNTAX', `JSON syntax: nested deeper than ${MAX_NESTING} levels`, [], { range: { offset, length: 1 } });
}

function reportDuplicateKeys(text: string, reporter: Reporter): void {
  for (const duplicate of new JsonTextIndex(text).duplicateKeys()) {
    const key = text.slice(duplicate.offset, duplicate.end);
    reporter.error('DUPLICATE_KEY', `duplicate key ${key}: JSON keeps only the last one`, duplicate.path, {
      range: { offset: duplicate.offset, length: duplicate.end - duplicate.offset },
    });
  }
}

/**
 * One pass of the scanner (which does not recurse) that reports comments and trailing commas
 * and refuses nesting deeper than MAX_NESTING. Returns false when parsing must not go on.
 */
function scanForLenientSyntax(text: string, reporter: Reporter): boolean {
  const scanner = createScanner(text, false);
  let depth = 0;
  let previous: number = TOKEN.Unknown;
  let pendingComma = -1;
  for (let token: number = scanner.scan(); token !== TOKEN.EOF; token = scanner.scan()) {
    switch (token) {
      case TOKEN.LineComment:
      case TOKEN.BlockComment:
        reporter.error('JSON_SYNTAX', 'JSON syntax: comments are not allowed in JSON', [], {
          range: { offset: scanner.getTokenOffset(), length: scanner.getTokenLength() },
        });
        continue;
      case TOKEN.Trivia:
      case TOKEN.LineBreak:
        continue;
      case TOKEN.OpenBrace:
      case TOKEN.OpenBracket:
        if (++depth > MAX_NESTING) {
          reportTooDeep(reporter, scanner.getTokenOffset());
          return false;
        }
        break;
      case TOKEN.CloseBrace:
      case TOKEN.CloseBracket:
        depth--;
        if (pendingComma >= 0) {
          reporter.error('JSON_SYNTAX', 'JSON syntax: trailing comma', [], { range: { offset: pendingComma, length: 1 } });
        }
        break;
    }
    // A comma right after a value, then a closing bracket, is a trailing comma; any other
    // misplaced comma is left to the parser's own "value expected".
    pendingComma = token === TOKEN.Comma && endsValue(previous) ? scanner.getTokenOffset() : -1;
    previous = token;
  }
  return true;
}

function endsValue(kind: number): boolean {
  return (
    kind === TOKEN.CloseBrace ||
    kind === TOKEN.CloseBracket ||
    kind === TOKEN.String ||
    kind === TOKEN.Number ||
    kind === TOKEN.True ||
    kind === TOKEN.False ||
    kind === TOKEN.Null
  );
}

/**
 * The plain value of a tree. Keys are defined as own properties, so `"__proto__"` is data,
 * not a prototype, exactly as with `JSON.parse`; a repeated key keeps its last value.
 */
function toValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'array':
      return (node.children ?? []).map(toValue);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        Object.defineProperty(out, String(keyNode.value), { value: toValue(valueNode), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      return node.value;
  }
}
