/**
 * n8n Code (and old Function) nodes as our `code.javascript`. n8n code sees a list of items
 * (`$input.all()`, `items`, `$json` per item) and returns items (`[{ json }]`); ours sees one
 * input value and returns one value. The adapter written around the original code gives it
 * n8n's names over our input (one n8n item is one of our values) and turns what it returns back
 * into one value. n8n helpers that have no equivalent here are listed, and written at the top
 * of the code, so that the user sees them where they will fail.
 */

/** n8n names a Code node may use that do not exist here, and what they are. */
const UNSUPPORTED: readonly [RegExp, string][] = [
  [/\$getWorkflowStaticData\b/, '$getWorkflowStaticData (workflow static data)'],
  [/\bthis\s*\.\s*helpers\b|\bhelpers\s*\./, 'this.helpers (n8n helper functions)'],
  [/\$binary\b|\.binary\b/, 'binary data'],
  [/\brequire\s*\(/, 'require() (modules)'],
  [/\$items\s*\(|\$item\s*\(/, '$items() / $item() (old item accessors)'],
  [/\$evaluateExpression\b/, '$evaluateExpression'],
  [/\$jmespath\b/, '$jmespath'],
  [/\bDateTime\b|\$now\b|\$today\b/, 'Luxon dates ($now, $today, DateTime)'],
  [/\$workflow\b|\$prevNode\b|\$runIndex\b|\$parameter\b|\$position\b|\$mode\b/, 'n8n run metadata ($workflow, $prevNode, $runIndex, …)'],
  [/\$env\b/, '$env (not given to code here)'],
];

/** Lines that stand in for n8n's Code node API. */
function adapter(perItem: boolean, source: string): string {
  const indented = source.split('\n').map((line) => (line === '' ? line : `  ${line}`)).join('\n');
  return [
    `// Imported from n8n (Code node, ${perItem ? 'run once for each item' : 'run once for all items'}). The lines around the`,
    '// original code give it n8n\'s names over this node\'s input (one n8n item = one value here)',
    '// and turn the items it returns back into one value.',
    'const __item = { json: $input };',
    'const __accessor = (item) => ({ item, first: () => item, last: () => item, all: () => [item] });',
    'const __result = await (async ($input, $json, items, $, $node) => {',
    indented,
    '})(',
    '  __accessor(__item),',
    '  $input,',
    '  [__item],',
    '  (name) => __accessor({ json: $node[name] }),',
    '  new Proxy({}, { get: (_, name) => ({ json: $node[name] }) }),',
    ');',
    'const __values = (Array.isArray(__result) ? __result : [__result]).map((item) =>',
    '  item !== null && typeof item === \'object\' && \'json\' in item ? item.json : item,',
    ');',
    'return __values.length === 1 ? __values[0] : __values;',
  ].join('\n');
}

/** The adapted code and the n8n features it uses that will not work here. */
export function adaptN8nCode(source: string, perItem: boolean): { code: string; problems: string[] } {
  const problems = UNSUPPORTED.filter(([pattern]) => pattern.test(source)).map(([, what]) => `uses ${what}, which has no equivalent here`);
  const warning = problems.length > 0 ? `// NOTE: ${problems.join('; ')}.\n` : '';
  return { code: warning + adapter(perItem, source), problems };
}
