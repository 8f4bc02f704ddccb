import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffWorkflows, summarizeChanges } from '../../../src/core/graph/diff';
import type { Workflow, WorkflowNode } from '../../../src/core/model/workflow';

function node(id: string, name: string, extra: Partial<WorkflowNode> = {}): WorkflowNode {
  return { id, type: 'data.set', name, position: { x: 0, y: 0 }, config: {}, ...extra };
}

function workflow(extra: Partial<Workflow> = {}): Workflow {
  return {
    formatVersion: 1,
    name: 'Price alert',
    nodes: [
      node('trigger', 'Start', { type: 'trigger.manual' }),
      node('fetch', 'Fetch prices', { type: 'http.request', config: { url: 'https://a.example/prices', method: 'GET', headers: { a: '1', b: '2' } } }),
      node('check', 'Check threshold', { type: 'flow.if', position: { x: 200, y: 0 } }),
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'fetch' },
      { id: 'e2', source: 'fetch', target: 'check' },
    ],
    ...extra,
  };
}

function withNodes(base: Workflow, map: (nodes: WorkflowNode[]) => WorkflowNode[]): Workflow {
  return { ...base, nodes: map(base.nodes.map((n) => ({ ...n, config: { ...n.config } }))) };
}

describe('summarizeChanges', () => {
  it('describes a first version by its size', () => {
    assert.equal(summarizeChanges(undefined, workflow()), 'created with 3 nodes');
    assert.equal(summarizeChanges(undefined, workflow({ nodes: [node('a', 'A')], edges: [] })), 'created with 1 node');
  });

  it('says "no changes" for identical content, whatever the key order inside config', () => {
    const reordered = withNodes(workflow(), (nodes) => {
      nodes[1].config = { headers: { b: '2', a: '1' }, method: 'GET', url: 'https://a.example/prices' };
      return nodes;
    });
    assert.equal(summarizeChanges(workflow(), reordered), 'no changes');
    assert.equal(diffWorkflows(workflow(), reordered).empty, true);
  });

  it('counts added nodes and names the changed config field with its node', () => {
    const after = withNodes(workflow(), (nodes) => {
      nodes[1].config.url = 'https://b.example/prices';
      return [...nodes, node('alert', 'Send alert'), node('log', 'Log it')];
    });
    assert.equal(summarizeChanges(workflow(), after), 'added 2 nodes, changed url of "Fetch prices"');
  });

  it('names a single added or removed node, renames, type changes and several fields', () => {
    const after = withNodes(workflow(), (nodes) => {
      nodes[1].config.url = 'x';
      nodes[1].config.method = 'POST';
      delete nodes[1].config.headers;
      nodes[2] = { ...nodes[2], name: 'Is it high?', type: 'flow.switch' };
      return [nodes[0], nodes[1], nodes[2], node('alert', 'Send alert')];
    });
    assert.equal(
      summarizeChanges(workflow(), after),
      'added node "Send alert", changed url, method and headers of "Fetch prices", renamed "Check threshold" to "Is it high?", changed the type of "Is it high?" to flow.switch',
    );
    const removed = { ...withNodes(workflow(), (nodes) => nodes.slice(0, 2)), edges: workflow().edges.slice(0, 1) };
    // the connection of a removed node goes without saying
    assert.equal(summarizeChanges(workflow(), removed), 'removed node "Check threshold"');
    assert.equal(diffWorkflows(workflow(), removed).removedEdges.length, 1);
  });

  it('reports connections by their endpoints, not their ids', () => {
    const renamedEdges = { ...workflow(), edges: workflow().edges.map((e) => ({ ...e, id: `${e.id}-renamed` })) };
    assert.equal(summarizeChanges(workflow(), renamedEdges), 'no changes');
    const rewired = { ...workflow(), edges: [workflow().edges[0], { id: 'e3', source: 'trigger', target: 'check' }] };
    assert.equal(summarizeChanges(workflow(), rewired), 'connected "Start" to "Check threshold", disconnected "Fetch prices" from "Check threshold"');
  });

  it('reports moves, toggles and workflow-level fields', () => {
    const after: Workflow = {
      ...withNodes(workflow(), (nodes) => {
        nodes[0].position = { x: 50, y: 10 };
        nodes[2].disabled = true;
        nodes[2].retry = { maxAttempts: 3 };
        return nodes;
      }),
      name: 'Price watch',
      description: 'Watches prices',
      tags: ['crypto'],
      variables: { THRESHOLD: 3 },
      settings: { timeoutMs: 1000 },
    };
    assert.equal(
      summarizeChanges(workflow(), after),
      'renamed the workflow to "Price watch", changed the description, changed the tags, changed variable THRESHOLD, changed settings timeoutMs and 3 more changes',
    );
    const diff = diffWorkflows(workflow(), after);
    assert.deepEqual(diff.changedNodes.map((c) => [c.id, c.moved, c.disabled, c.properties]), [
      ['trigger', true, undefined, []],
      ['check', false, true, ['retry']],
    ]);
    assert.deepEqual(diff.workflowFields, ['name', 'description', 'tags', 'variables.THRESHOLD', 'settings.timeoutMs']);
  });

  it('ignores sub-pixel moves that the serializer rounds away', () => {
    const after = withNodes(workflow(), (nodes) => {
      nodes[2].position = { x: 200.2, y: -0.3 };
      return nodes;
    });
    assert.equal(summarizeChanges(workflow(), after), 'no changes');
  });

  it('summarizes many moved nodes by count', () => {
    const after = withNodes(workflow(), (nodes) => nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: 5 } })));
    assert.equal(summarizeChanges(workflow(), after), 'moved 3 nodes');
  });
});

describe('diffWorkflows field by field', () => {
  it('lists nested config changes with old and new values, and properties', () => {
    const after = withNodes(workflow(), (nodes) => {
      nodes[1].config.headers = { a: '1', b: '3', c: '4' };
      nodes[1].config.url = 'https://b.example/prices';
      nodes[1].retry = { maxAttempts: 3 };
      nodes[2] = { ...nodes[2], name: 'Is it high?', disabled: true };
      return nodes;
    });
    const diff = diffWorkflows(workflow(), after);
    assert.deepEqual(
      diff.changedNodes.map((c) => [c.id, c.fields]),
      [
        [
          'fetch',
          [
            { path: 'config.url', before: 'https://a.example/prices', after: 'https://b.example/prices' },
            { path: 'config.headers.b', before: '2', after: '3' },
            { path: 'config.headers.c', after: '4' },
            { path: 'retry', after: { maxAttempts: 3 } },
          ],
        ],
        [
          'check',
          [
            { path: 'name', before: 'Check threshold', after: 'Is it high?' },
            { path: 'disabled', before: false, after: true },
          ],
        ],
      ],
    );
  });

  it('quotes keys that are no plain names and reports removed keys without an after value', () => {
    const before = withNodes(workflow(), (nodes) => {
      nodes[1].config['a.b'] = 1;
      return nodes;
    });
    const diff = diffWorkflows(before, workflow());
    assert.deepEqual(diff.changedNodes[0].fields, [{ path: 'config["a.b"]', before: 1 }]);
  });

  it('tells moves apart from changes (hasChanges) and reports sticky notes', async () => {
    const { hasChanges } = await import('../../../src/core/graph/diff');
    const moved = withNodes(workflow(), (nodes) => {
      nodes[0] = { ...nodes[0], position: { x: 10.2, y: 5 } };
      return nodes;
    });
    const diff = diffWorkflows(workflow(), moved);
    assert.equal(diff.empty, false);
    assert.equal(hasChanges(diff), false);
    assert.equal(hasChanges(diff, { moves: true }), true);
    assert.deepEqual(diff.changedNodes[0].position, { from: { x: 0, y: 0 }, to: { x: 10, y: 5 } });
    const sub = withNodes(workflow(), (nodes) => {
      nodes[0] = { ...nodes[0], position: { x: 0.4, y: -0.3 } };
      return nodes;
    });
    assert.equal(diffWorkflows(workflow(), sub).empty, true, 'positions compare as the serializer rounds them');

    const note = { id: 'n1', text: 'hello', position: { x: 0, y: 0 } };
    const withNote = workflow({ stickyNotes: [note] });
    assert.deepEqual(diffWorkflows(workflow(), withNote).stickyNotes, { added: ['n1'], removed: [], changed: [], moved: [] });
    const edited = workflow({ stickyNotes: [{ ...note, text: 'bye' }] });
    assert.equal(hasChanges(diffWorkflows(withNote, edited)), true);
    assert.equal(summarizeChanges(withNote, edited), 'changed sticky notes');
    const movedNote = workflow({ stickyNotes: [{ ...note, position: { x: 50, y: 0 } }] });
    assert.equal(hasChanges(diffWorkflows(withNote, movedNote)), false);
    assert.equal(summarizeChanges(withNote, movedNote), 'moved sticky notes');
  });

  it('lists variables and settings one by one with values', () => {
    const before = workflow({ variables: { A: 1, B: 2 }, settings: { timeoutMs: 100 } });
    const after = workflow({ variables: { A: 1, B: 3, C: 'x' }, settings: { concurrency: 2 } });
    assert.deepEqual(diffWorkflows(before, after).workflowChanges, [
      { path: 'variables.B', before: 2, after: 3 },
      { path: 'variables.C', after: 'x' },
      { path: 'settings.concurrency', after: 2 },
      { path: 'settings.timeoutMs', before: 100 },
    ]);
  });
});

describe('fieldPath', () => {
  it('formats and parses back every key', async () => {
    const { formatFieldPath, parseFieldPath } = await import('../../../src/core/graph/fieldPath');
    for (const segments of [['config', 'url'], ['config', 'a.b', 'c'], ['config', 'with "quote"]'], ['variables', '0'], ['x-y', '$z']]) {
      assert.deepEqual(parseFieldPath(formatFieldPath(segments)), segments, formatFieldPath(segments));
    }
    assert.equal(formatFieldPath(['config', 'a.b']), 'config["a.b"]');
    assert.equal(parseFieldPath('config.'), undefined);
    assert.equal(parseFieldPath('config[1]'), undefined);
  });
});

describe('diffWorkflows and merge conflicts', () => {
  it('counts resolving a $conflict entry as a change, and textconv prints the entries', async () => {
    const { hasChanges } = await import('../../../src/core/graph/diff');
    const { workflowText } = await import('../../../src/core/graph/diffText');
    const conflicted = withNodes(workflow(), (nodes) => {
      nodes[1] = { ...nodes[1], $conflict: { 'config.url': { ours: 'https://a.example/prices', theirs: 'https://c.example' } } };
      return nodes;
    });
    const diff = diffWorkflows(conflicted, workflow());
    assert.equal(hasChanges(diff), true);
    assert.deepEqual(diff.changedNodes[0].fields.map((f) => f.path), ['$conflict']);
    assert.equal(summarizeChanges(conflicted, workflow()), 'resolved merge conflicts of "Fetch prices"');
    assert.match(workflowText(conflicted), /^ {2}\$conflict\["config\.url"\]\.theirs = "https:\/\/c\.example"$/m);
  });
});
