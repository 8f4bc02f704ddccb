/**
 * The error every importer throws for input it cannot use, and the helpers that turn zod
 * issues into messages naming the exact place (`edges[2].source: …`).
 */
import type { z } from 'zod';

/** Thrown when the input is not JSON, is of no known format, or is malformed at `path`. */
export class ImportError extends Error {
  readonly code = 'IMPORT_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** `['edges', 2, 'source']` → `edges[2].source`; the empty path is the document itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(document)' : out;
}

/** Joins a location prefix (e.g. `nodes[3]`) and a relative zod path. */
export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  if (path.length === 0) return prefix;
  const rest = formatPath(path);
  return rest.startsWith('[') ? prefix + rest : `${prefix}.${rest}`;
}

const MAX_ISSUES_SHOWN = 3;

/**
 * Parses `value` with `schema` or throws an ImportError listing the first issues with their
 * paths below `where` (so a user can find the broken spot in a large export).
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, where: string, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const location = where === '' ? formatPath(issue.path) : joinPath(where, issue.path);
    return `${location}: ${issue.message}`;
  });
  const more = result.error.issues.length - issues.length;
  const suffix = more > 0 ? ` (and ${more} more)` : '';
  throw new ImportError(`not a valid ${what}: ${issues.join('; ')}${suffix}`);
}
