/**
 * Glyphs standing in for the codicons the node types name. The codicon font is not bundled
 * (not an allowed dependency yet), so each name maps to a character common fonts have; the
 * canvas issue can swap this for @vscode/codicons without touching the node component.
 */
const GLYPHS: Readonly<Record<string, string>> = {
  play: '▶',
  'symbol-field': '≔',
  'symbol-operator': 'ƒ',
  code: '{}',
  file: '▤',
  save: '⤓',
  watch: '◷',
  error: '✕',
  sync: '↻',
  'git-compare': '⇆',
  'git-merge': '⑂',
  'type-hierarchy-sub': '⊶',
  'list-tree': '☰',
  globe: '◍',
  terminal: '›_',
  output: '≡',
  question: '?',
};

/** The glyph of a codicon name; a bullet when the name is not known here. */
export function iconGlyph(codicon: string): string {
  return GLYPHS[codicon] ?? '•';
}
