/**
 * What the read-only documents of executions and versions point at, carried in their URI's
 * query as JSON. Free of vscode: the content providers and commands build URIs around it.
 */

/** Which execution or version a read-only document shows, and in which workspace folder's store. */
export interface DocumentRef {
  /** URI (string) of the workspace folder or file whose store holds the item. */
  anchor: string;
  /** Execution id or version id. */
  id: string;
}

/** Encodes a reference for a URI query. */
export function encodeRef(ref: DocumentRef): string {
  return JSON.stringify({ anchor: ref.anchor, id: ref.id });
}

/** Decodes a URI query; undefined when it is not one of ours (a hand-made URI). */
export function decodeRef(query: string): DocumentRef | undefined {
  try {
    const value: unknown = JSON.parse(query);
    if (typeof value !== 'object' || value === null) return undefined;
    const { anchor, id } = value as Record<string, unknown>;
    return typeof anchor === 'string' && typeof id === 'string' && id !== '' ? { anchor, id } : undefined;
  } catch {
    return undefined;
  }
}

/** A file-name-safe title for the document tab: "Price alert 1a2b3c4d". */
export function documentTitle(name: string, id: string): string {
  const safe = name.replace(/[\\/:*?"<>|#?]/g, '_').trim() || 'workflow';
  return `${safe} ${id.slice(0, 8)}`;
}
