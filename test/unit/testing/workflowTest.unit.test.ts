import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { main } from '../../../src/cli/main';
import { fakeIo, REPO } from '../cli/helpers';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { testFileJsonSchemaText } from '../../../src/core/testing/testFileJsonSchema';
import { schemaErrors } from '../validation/miniJsonSchema';

const EXAMPLES = join(REPO, 'examples');

async function workflowTest(cwd: string, ...args: string[]) {
  const { io, stdout, stderr } = fakeIo(cwd);
  const code = await main(['test', ...args], io);
  return { code, stdout: stdout(), stderr: stderr() };
}

/** A temp folder holding a copy of the price alert and the given test file. */
function workspace(testFile: unknown): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'wf-test-'));
  copyFileSync(join(EXAMPLES, 'price-alert.workflow.json'), join(dir, 'price-alert.workflow.json'));
  writeFileSync(join(dir, 'price-alert.workflow.test.json'), typeof testFile === 'string' ? testFile : JSON.stringify(testFile, null, 2));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const REPORT_MOCK = { report: { output: { path: 'x', bytes: 1 } } };

describe('workflow test', () => {
  it('passes on the shipped examples (run in examples/), one PASS per case, writing nothing', async () => {
    const before = readdirSync(EXAMPLES).sort();
    const r = await workflowTest(EXAMPLES);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const passes = r.stdout.match(/^ {2}PASS /gm) ?? [];
    const cases = readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.workflow.test.json'))
      .reduce((n, f) => n + (JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8')) as { cases: unknown[] }).cases.length, 0);
    assert.ok(cases >= 7, 'the examples ship tests for their workflows');
    assert.equal(passes.length, cases);
    assert.match(r.stdout, new RegExp(`^${cases} cases in 3 files: ${cases} passed, 0 failed$`, 'm'));
    assert.deepEqual(readdirSync(EXAMPLES).sort(), before, 'mocked file.write wrote nothing');
  });

  it('fails with the node and a diff of expected vs actual, exit 1; JUnit XML has the common structure', async () => {
    const ws = workspace({
      cases: [
        { name: 'right', input: { symbol: 'ACME', prices: [1, 2] }, mocks: REPORT_MOCK, expect: { nodes: { alert: { status: 'success' } } } },
        {
          name: 'wrong message',
          input: { symbol: 'ACME', prices: [1, 2] },
          mocks: REPORT_MOCK,
          expect: { nodes: { alert: { output: { alert: true, message: 'ACME is at 3' } }, calm: { status: 'success' } }, assert: '$node["Build alert"].alert = false' },
        },
      ],
    });
    try {
      const r = await workflowTest(ws.dir, '--reporter', 'junit', '--output', 'reports/junit.xml');
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^ {2}PASS right /m);
      assert.match(r.stdout, /^ {2}FAIL wrong message /m);
      assert.match(
        r.stdout,
        /node "Build alert" \(alert\): output differs in 1 place:\n {9}output\.message:\n {11}- expected "ACME is at 3"\n {11}\+ actual {3}"ACME is at 2, above 0\.75 \(100% over the period\)"/,
      );
      assert.match(r.stdout, /node "No alert" \(calm\): status: expected success, got skipped/);
      assert.match(r.stdout, /output: assertion \$node\["Build alert"\]\.alert = false is false, expected true/);
      assert.match(r.stdout, /2 cases in 1 file: 1 passed, 1 failed/);

      const xml = readFileSync(join(ws.dir, 'reports', 'junit.xml'), 'utf8');
      assert.equal(XMLValidator.validate(xml), true);
      const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'failure'].includes(name) }).parse(xml);
      const suites = doc.testsuites;
      assert.equal(suites.tests, '2');
      assert.equal(suites.failures, '1');
      assert.equal(suites.testsuite.length, 1);
      const suite = suites.testsuite[0];
      assert.equal(suite.name, 'price-alert.workflow.test.json');
      assert.deepEqual([suite.tests, suite.failures, suite.errors], ['2', '1', '0']);
      assert.deepEqual(suite.testcase.map((c: { name: string }) => c.name), ['right', 'wrong message']);
      assert.equal(suite.testcase[0].failure, undefined);
      const failure = suite.testcase[1].failure;
      assert.equal(failure.length, 1);
      assert.equal(failure[0].message, 'node "Build alert" (alert): output differs in 1 place:');
      assert.match(failure[0]['#text'], /- expected "ACME is at 3"/);
      for (const c of suite.testcase) assert.match(c.time, /^\d+\.\d{3}$/);
    } finally {
      ws.remove();
    }
  });

  it('never runs a mocked node: a mocked shell command leaves no trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-test-shell-'));
    try {
      const marker = join(dir, 'ran.txt');
      writeFileSync(
        join(dir, 'deploy.workflow.json'),
        serializeWorkflow({
          formatVersion: 1,
          name: 'Deploy',
          nodes: [
            { id: 'start', type: 'trigger.manual', name: 'Start', position: { x: 0, y: 0 }, config: {} },
            { id: 'sh', type: 'system.shell', name: 'Deploy', position: { x: 200, y: 0 }, config: { command: `echo ran > ${JSON.stringify(marker)}` } },
            { id: 'done', type: 'data.transform', name: 'Done', position: { x: 400, y: 0 }, config: { expression: '{ "code": exitCode }' } },
          ],
          edges: [
            { id: 'e1', source: 'start', target: 'sh' },
            { id: 'e2', source: 'sh', target: 'done' },
          ],
        }),
      );
      writeFileSync(join(dir, 'deploy.workflow.test.json'), JSON.stringify({ cases: [{ name: 'mocked', mocks: { sh: { output: { exitCode: 0, stdout: 'ok' } } }, expect: { output: { code: 0 } } }] }));
      const r = await workflowTest(dir, 'deploy.workflow.test.json');
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(existsSync(marker), false, 'the shell command never ran');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a test file that does not match its schema with exit 2 and one line naming file and case, writing nothing', async () => {
    const bad = [
      [{ cases: [{ name: 'typo', expect: { outptu: {} } }] }, /^workflow test: price-alert\.workflow\.test\.json: case "typo": expect: .*outptu.*\n$/],
      [{ cases: [{ name: 'two', mocks: { report: { output: 1, error: 'x' } } }] }, /^workflow test: price-alert\.workflow\.test\.json: case "two": mocks\.report: give exactly one of output, outputs or error \(got output and error\)\n$/],
      [{ cases: [{ input: {} }] }, /^workflow test: price-alert\.workflow\.test\.json: case #1: name: .+\n$/],
      [{ cases: [{ name: 'ghost', mocks: { nope: { output: 1 } } }] }, /^workflow test: price-alert\.workflow\.test\.json: case "ghost": mocks\.nope: the workflow has no node "nope" \(its nodes: start, stats, .*\)\n$/],
      [{ cases: [] }, /^workflow test: price-alert\.workflow\.test\.json: cases: a test file needs at least one case\n$/],
      ['{ "cases": [', /^workflow test: price-alert\.workflow\.test\.json: not valid JSON \(.+\)\n$/],
    ] as const;
    for (const [content, pattern] of bad) {
      const ws = workspace(content);
      try {
        const r = await workflowTest(ws.dir, '--reporter', 'junit', '--output', 'junit.xml');
        assert.equal(r.code, 2, JSON.stringify(content));
        assert.match(r.stderr, pattern);
        assert.equal(r.stdout, '');
        assert.equal(existsSync(join(ws.dir, 'junit.xml')), false, 'nothing written');
      } finally {
        ws.remove();
      }
    }
  });

  it('names a missing workflow, and a path that does not exist, with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-test-missing-'));
    try {
      writeFileSync(join(dir, 'lost.workflow.test.json'), JSON.stringify({ cases: [{ name: 'a' }] }));
      const r = await workflowTest(dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^workflow test: lost\.workflow\.test\.json: the workflow lost\.workflow\.json cannot run \(line 1: cannot read .*no such file\)\n$/);
      const none = await workflowTest(dir, 'nothing-here');
      assert.equal(none.code, 2);
      assert.match(none.stderr, /no such file or directory: nothing-here/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the JSON Schema of workflow test files', () => {
  it('is up to date in schema/ and contributed in package.json', () => {
    const committed = readFileSync(join(REPO, 'schema', 'workflow-test.schema.json'), 'utf8');
    if (committed !== testFileJsonSchemaText()) assert.fail('schema/workflow-test.schema.json is out of date: run npm run schema');
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { contributes: { jsonValidation: { fileMatch: string; url: string }[] } };
    assert.ok(pkg.contributes.jsonValidation.some((v) => v.fileMatch === '*.workflow.test.json' && v.url === './schema/workflow-test.schema.json'));
  });

  it('accepts the shipped example tests and rejects a misspelt key', () => {
    const schema = JSON.parse(testFileJsonSchemaText());
    for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.workflow.test.json'))) {
      assert.deepEqual(schemaErrors(schema, JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'))), [], file);
    }
    assert.notDeepEqual(schemaErrors(schema, { cases: [{ name: 'x', expect: { outptu: 1 } }] }), []);
  });
});
