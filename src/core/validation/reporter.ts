/**
 * Collects diagnostics and turns the places they name (a JSON path, or an offset for syntax
 * errors) into line, column and length, so that each check only says what and where.
 */
import type { Diagnostic, DiagnosticCode, DiagnosticSeverity } from './diagnostic';
import { TextLocator, toPointer, type JsonPath, type TextSpan } from './locate';
import { JsonTextIndex } from './textIndex';

/** What a check reports; the place is resolved by the reporter. */
export interface Finding {
  severity: DiagnosticSeverity;
  code: DiagnosticCode;
  message: string;
  /** The value concerned. */
  path: JsonPath;
  nodeId?: string;
  /** Point at the key of `path` rather than at its value (e.g. an unknown property). */
  atKey?: boolean;
  /** Point at this path instead of `path` (which stays the reported pointer). */
  showAt?: JsonPath;
  /** Point at an exact range of the text instead (syntax errors, positions inside strings). */
  range?: { offset: number; length: number };
}

/** The diagnostics of one text. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private locatorOfText: TextLocator | undefined;
  private indexOfText: JsonTextIndex | undefined;
  private parsed = false;

  constructor(private readonly text: string) {}

  /** Called once the text has parsed (without fatal errors): from now on paths can be located. */
  textParsed(): void {
    this.parsed = true;
  }

  private get index(): JsonTextIndex | undefined {
    if (this.parsed) this.indexOfText ??= new JsonTextIndex(this.text);
    return this.indexOfText;
  }

  // Line starts of a 3 MB file take a while to index: only files with findings pay for it.
  private get locator(): TextLocator {
    return (this.locatorOfText ??= new TextLocator(this.text));
  }

  report(finding: Finding): void {
    const span = finding.range
      ? this.locator.span(finding.range.offset, finding.range.length)
      : this.spanOf(finding.showAt ?? finding.path, finding.atKey === true);
    const diagnostic: Diagnostic = {
      severity: finding.severity,
      code: finding.code,
      message: finding.message,
      path: toPointer(finding.path),
      line: span.line,
      column: span.column,
      length: span.length,
    };
    if (finding.nodeId !== undefined) diagnostic.nodeId = finding.nodeId;
    this.diagnostics.push(diagnostic);
  }

  error(code: DiagnosticCode, message: string, path: JsonPath, extra: Partial<Finding> = {}): void {
    this.report({ severity: 'error', code, message, path, ...extra });
  }

  warning(code: DiagnosticCode, message: string, path: JsonPath, extra: Partial<Finding> = {}): void {
    this.report({ severity: 'warning', code, message, path, ...extra });
  }

  /**
   * The span of the value at `path` (of its key when `atKey`). A missing value points at the
   * nearest enclosing value that exists: at the key that holds it when there is one, since an
   * object's `{` often stands alone at the end of a line.
   */
  private spanOf(path: JsonPath, atKey: boolean): TextSpan {
    const resolved = this.index?.resolve(path);
    if (!resolved) return this.locator.span(0, 1);
    const exact = resolved.depth === path.length;
    if (resolved.key && (!exact || atKey)) return this.locator.span(resolved.key.offset, resolved.key.end - resolved.key.offset);
    return this.locator.span(resolved.offset, resolved.end - resolved.offset);
  }

  /**
   * The text range of characters `start … start + length` of the string value at `path`; the
   * whole string when it has escape sequences (decoded and source offsets then differ).
   */
  rangeInString(path: JsonPath, start: number, length: number): { offset: number; length: number } | undefined {
    const resolved = this.index?.resolve(path);
    if (!resolved || resolved.depth !== path.length) return undefined;
    const raw = this.index!.rawString(resolved.offset, resolved.end);
    if (raw === undefined) return undefined;
    const inner = raw.slice(1, -1);
    if (inner.includes('\\')) return { offset: resolved.offset, length: raw.length };
    const from = Math.max(0, Math.min(start, inner.length));
    return { offset: resolved.offset + 1 + from, length: Math.max(1, Math.min(length, inner.length - from)) };
  }
}
