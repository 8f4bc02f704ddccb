import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCatalog } from '../../../src/extension/editor/catalog';
import { builtinNodes } from '../../../src/core/nodes/registry';
import { NodeTypeViewSchema } from '../../../src/protocol/view';

test('the catalog lists every registered type with what the palette and the inspector need', () => {
  const catalog = nodeCatalog();
  assert.deepEqual(catalog.map((t) => t.type), builtinNodes.map((d) => d.type));
  for (const entry of catalog) {
    assert.ok(NodeTypeViewSchema.safeParse(entry).success, entry.type);
    assert.ok(entry.title && entry.description && entry.icon, entry.type);
    // the wire format is JSON: the catalog must survive it unchanged
    assert.deepEqual(JSON.parse(JSON.stringify(entry)), entry);
  }
});

test('catalog entries: ports, defaults, trigger flag and a draft-7 config schema', () => {
  const byType = new Map(nodeCatalog().map((t) => [t.type, t]));
  const http = byType.get('http.request')!;
  assert.deepEqual(http.inputs, [{ name: 'in', label: 'in' }]);
  assert.equal(http.isTrigger, false);
  assert.equal(http.configSchema.type, 'object');
  assert.ok('url' in (http.configSchema.properties as Record<string, unknown>));
  assert.equal(http.configSchema.$schema, undefined);
  // input side: keys with a default are optional
  assert.ok(!((http.configSchema.required as string[] | undefined) ?? []).includes('method'));
  const manual = byType.get('trigger.manual')!;
  assert.equal(manual.isTrigger, true);
  assert.deepEqual(manual.inputs, []);
  assert.deepEqual(byType.get('flow.if')!.outputs.map((p) => p.name), ['true', 'false']);
  assert.deepEqual(byType.get('code.javascript')!.rawConfigKeys.length > 0, true);
});
