import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importWorkflow, importWorkflowValue } from '../../../src/core/importers/index';
import { assertWellFormed, edgeById, fixtureText, fixtureValue, hasWarning, nodeById } from './support';

const FIXTURE = 'comfyui-txt2img.json';

test('comfyui workflow: every node and link, numeric ids as text', () => {
  const { workflow, format } = importWorkflow(fixtureText(FIXTURE), { sourceFile: `/tmp/${FIXTURE}` });
  assert.equal(format, 'litegraph');
  assertWellFormed(workflow);
  assert.equal(workflow.name, 'comfyui-txt2img');
  assert.deepEqual(workflow.nodes.map((n) => n.id), ['3', '4', '5', '6', '7', '8', '9', '11']);
  assert.deepEqual(workflow.edges.map((e) => e.id), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
});

test('comfyui workflow: slot numbers become the slots\' names as handles', () => {
  const { workflow } = importWorkflow(fixtureText(FIXTURE));
  // link 2 is [2, 5, 0, 3, 3, "LATENT"]: output 0 of node 5 into input 3 of node 3
  assert.deepEqual(edgeById(workflow, '2'), { id: '2', source: '5', sourceHandle: 'LATENT', target: '3', targetHandle: 'latent_image' });
  assert.deepEqual(edgeById(workflow, '6'), { id: '6', source: '7', sourceHandle: 'CONDITIONING', target: '3', targetHandle: 'negative' });
  assert.deepEqual(edgeById(workflow, '8'), { id: '8', source: '4', sourceHandle: 'VAE', target: '8', targetHandle: 'vae' });
});

test('comfyui workflow: positions from arrays and typed-array objects, rounded', () => {
  const { workflow } = importWorkflow(fixtureText(FIXTURE));
  assert.deepEqual(nodeById(workflow, '5').position, { x: 473, y: 609 });
  assert.deepEqual(nodeById(workflow, '6').position, { x: 415, y: 187 });
});

test('comfyui workflow: types kept, widgets_values and properties in config, names from titles', () => {
  const { workflow } = importWorkflow(fixtureText(FIXTURE));
  const sampler = nodeById(workflow, '3');
  assert.equal(sampler.type, 'KSampler');
  assert.deepEqual(sampler.config, { widgets_values: [156680208700286, 'randomize', 20, 8, 'euler', 'normal', 1] });
  assert.deepEqual(nodeById(workflow, '9').config, { widgets_values: ['ComfyUI'], properties: { aux_id: 'local' } });
  assert.deepEqual(nodeById(workflow, '8').config, {});
  assert.equal(nodeById(workflow, '6').name, 'Positive prompt');
  assert.equal(nodeById(workflow, '7').name, 'CLIPTextEncode');
});

test('comfyui workflow: muted node disabled, group kept as a sticky note, link types reported', () => {
  const { workflow, warnings } = importWorkflow(fixtureText(FIXTURE));
  assert.equal(nodeById(workflow, '11').disabled, true);
  assert.ok(hasWarning(warnings, /nodes\[7\]: a muted node became disabled/));
  assert.deepEqual(workflow.stickyNotes, [{ id: 'note-1', text: 'Prompts', position: { x: 400, y: 100 }, width: 460, height: 500, color: 'blue' }]);
  assert.deepEqual(nodeById(workflow, '11').config.view, { collapsed: true }, 'the collapsed flag is kept');
  assert.ok(!hasWarning(warnings, /group\(s\) not kept/));
  assert.ok(hasWarning(warnings, /link data types not kept: MODEL, LATENT, CLIP, CONDITIONING, VAE, IMAGE/));
  assert.ok(!hasWarning(warnings, /size|flags|order|extra|Node name for S&R/), 'layout and view state are dropped silently');
});

test('nodes named after their type get numbered names without a warning', () => {
  const value = fixtureValue(FIXTURE);
  const nodes = value.nodes as Record<string, unknown>[];
  delete nodes[3]!.title;
  const { workflow, warnings } = importWorkflowValue(value);
  assert.equal(nodeById(workflow, '6').name, 'CLIPTextEncode');
  assert.equal(nodeById(workflow, '7').name, 'CLIPTextEncode 2');
  assert.ok(!hasWarning(warnings, /used twice/));
});

test('newer ComfyUI files with object links read the same', () => {
  const value = fixtureValue(FIXTURE);
  value.links = (value.links as unknown[][]).map(([id, originId, originSlot, targetId, targetSlot, type]) => ({
    id,
    origin_id: originId,
    origin_slot: originSlot,
    target_id: targetId,
    target_slot: targetSlot,
    type,
  }));
  const fromObjects = importWorkflowValue(value).workflow;
  const fromArrays = importWorkflow(fixtureText(FIXTURE)).workflow;
  assert.deepEqual(fromObjects.edges, fromArrays.edges);
});

test('a link to a slot the node does not have, or to a missing node, is kept with a warning', () => {
  const value = fixtureValue(FIXTURE);
  value.links = [[1, 4, 7, 3, 0, 'MODEL'], [2, 4, 0, 99, 1, 'MODEL']];
  const { workflow, warnings } = importWorkflowValue(value);
  assert.deepEqual(workflow.edges[0], { id: '1', source: '4', sourceHandle: 'output_7', target: '3', targetHandle: 'model' });
  assert.deepEqual(workflow.edges[1], { id: '2', source: '4', sourceHandle: 'MODEL', target: '99', targetHandle: 'input_1' });
  assert.ok(hasWarning(warnings, /links\[0\]: the node has no output slot 7/));
  assert.ok(hasWarning(warnings, /links\[1\]: edge "2" enters "99", which is not a node/));
});

test('two inputs with the same name get distinct handles', () => {
  const { workflow } = importWorkflowValue({
    nodes: [
      { id: 1, type: 'Source', pos: [0, 0], outputs: [{ name: 'out', links: [1, 2] }] },
      { id: 2, type: 'Pair', pos: [200, 0], inputs: [{ name: 'value', link: 1 }, { name: 'value', link: 2 }, { link: null }] },
    ],
    links: [[1, 1, 0, 2, 0, '*'], [2, 1, 0, 2, 1, '*'], [3, 1, 0, 2, 2, '*']],
  });
  assert.deepEqual(workflow.edges.map((e) => e.targetHandle), ['value', 'value_1', 'input_2']);
});

test('malformed links and nodes are errors naming the place', () => {
  const value = fixtureValue(FIXTURE);
  assert.throws(() => importWorkflowValue({ ...value, links: [[1, 4, 0, 3, 0, 'MODEL'], [2, 5]] }), /links\[1\]: expected \[id, fromNode, fromSlot, toNode, toSlot, type\]/);
  assert.throws(() => importWorkflowValue({ ...value, links: [[1, 4, -1, 3, 0, 'MODEL']] }), /links\[0\]/);
  assert.throws(() => importWorkflowValue({ ...value, nodes: [{ id: 1, pos: [0, 0] }] }), /nodes\[0\]\.type/);
});
