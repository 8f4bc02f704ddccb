/**
 * Finding node types in the catalog: the palette's grouping by category and its search.
 */
import type { NodeTypeView } from '../../src/protocol/view';

/** Palette order and headings of the categories; unknown ones follow, by name. */
const CATEGORY_TITLES: Readonly<Record<string, string>> = {
  trigger: 'Triggers',
  data: 'Data',
  flow: 'Flow',
  code: 'Code',
  network: 'Network',
  file: 'Files',
  system: 'System',
  utility: 'Utility',
};
const CATEGORY_ORDER = Object.keys(CATEGORY_TITLES);

/** Heading of a category. */
export function categoryTitle(category: string): string {
  return CATEGORY_TITLES[category] ?? category.charAt(0).toUpperCase() + category.slice(1);
}

/** Types whose title, type name, description or category contain every word of `query`. */
export function searchCatalog(catalog: readonly NodeTypeView[], query: string): NodeTypeView[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...catalog];
  const scored = catalog
    .map((type) => {
      const title = type.title.toLowerCase();
      const haystack = `${title} ${type.type.toLowerCase()} ${type.description.toLowerCase()} ${categoryTitle(type.category).toLowerCase()}`;
      if (!words.every((w) => haystack.includes(w))) return undefined;
      // Title matches first, then type names, then the rest; ties keep catalog order.
      const score = words.every((w) => title.includes(w)) ? 0 : words.every((w) => type.type.toLowerCase().includes(w)) ? 1 : 2;
      return { type, score };
    })
    .filter((entry) => entry !== undefined);
  return scored.sort((a, b) => a.score - b.score).map((entry) => entry.type);
}

/** Types grouped by category, in palette order. */
export function groupByCategory(types: readonly NodeTypeView[]): { category: string; title: string; types: NodeTypeView[] }[] {
  const groups = new Map<string, NodeTypeView[]>();
  for (const type of types) {
    const list = groups.get(type.category) ?? [];
    list.push(type);
    groups.set(type.category, list);
  }
  const rank = (c: string): number => (CATEGORY_ORDER.includes(c) ? CATEGORY_ORDER.indexOf(c) : CATEGORY_ORDER.length);
  return [...groups.keys()]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((category) => ({ category, title: categoryTitle(category), types: groups.get(category)! }));
}

/** The MIME type of a palette item dragged onto the canvas (its data is the node type). */
export const NODE_TYPE_MIME = 'application/x-workflow-node-type';
