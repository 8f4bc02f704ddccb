/** Fresh ids and names for what an edit adds: readable, and unique in the document. */
import type { Workflow } from '../../../core/model/workflow';

/** `base-1`, `base-2`, … : the first not in `used` (the caller adds it to `used`). */
export function uniqueId(used: ReadonlySet<string>, base: string): string {
  for (let i = 1; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** `name`, else `name 2`, `name 3`, … : the first not in `used`. */
export function uniqueName(used: ReadonlySet<string>, name: string): string {
  if (!used.has(name)) return name;
  const stem = name.replace(/ \d+$/, '');
  for (let i = 2; ; i++) if (!used.has(`${stem} ${i}`)) return `${stem} ${i}`;
}

/** The id stem of a node type: its last segment in kebab case (`http.request` → `request`). */
export function typeIdStem(type: string): string {
  const last = type.split('.').pop() ?? type;
  const stem = last
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return stem === '' ? 'node' : stem;
}

/** A readable edge id not used yet: `<source>-<target>`, then `-2`, `-3`… */
export function newEdgeId(workflow: Pick<Workflow, 'edges'>, source: string, target: string, taken: ReadonlySet<string> = new Set()): string {
  const used = new Set(workflow.edges.map((e) => e.id));
  const free = (id: string): boolean => !used.has(id) && !taken.has(id);
  const base = `${source}-${target}`;
  if (free(base)) return base;
  for (let i = 2; ; i++) if (free(`${base}-${i}`)) return `${base}-${i}`;
}
