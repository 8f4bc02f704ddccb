/**
 * docs/secrets.md under `workflow serve`: a `lastNode` webhook answers with the run's output,
 * which is redacted like every record of the run; the request's own data is redacted as well.
 * In-process `ServeHost`, real HTTP on 127.0.0.1, a free port.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { ServeHost } from '../../../src/cli/serve/serveHost';
import { serveLog } from '../../../src/cli/serve/serveLog';
import { defaultDatabasePath, silentLogger } from '../../../src/core/store';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { fakeIo } from './helpers';
import { eventually, post } from './serveHelpers';

const SECRET = 'serve-secret/42+x';
let host: ServeHost | undefined;
after(async () => {
  await host?.stop(0).catch(() => undefined);
});

test('a lastNode webhook answers with the output redacted, and the history holds no copy of the secret', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-serve-secret-'));
  mkdirSync(join(dir, '.git'));
  const node = (id: string, type: string, config: Record<string, unknown>) => ({ id, type, name: id, position: { x: 0, y: 0 }, config });
  writeFileSync(
    join(dir, 'tok.workflow.json'),
    serializeWorkflow({
      formatVersion: 1,
      name: 'Token',
      nodes: [
        node('hook', 'trigger.webhook', { path: 'tok', responseMode: 'lastNode' }),
        node('set', 'data.set', { values: { tok: '{{ $secrets.API }}', b64: '{{ $base64encode($secrets.API) }}' } }),
      ],
      edges: [{ id: 'e1', source: 'hook', target: 'set' }],
    } as never),
  );
  const activate = fakeIo(dir);
  assert.equal(await main(['activate', 'tok.workflow.json'], activate.io), 0, activate.stderr());
  host = await ServeHost.start({
    dir,
    root: dir,
    dbPath: defaultDatabasePath(dir),
    host: '127.0.0.1',
    port: 0,
    env: { WORKFLOW_SECRET_API: SECRET },
    log: serveLog({ stdout: () => undefined, stderr: () => undefined }),
    storeLogger: silentLogger,
    statusPollMs: 100,
    cwd: dir,
  });

  const answer = await post(`${host.url}/webhook/tok`, JSON.stringify({ echo: SECRET }));
  assert.equal(answer.status, 200);
  const text = JSON.stringify(answer.json);
  assert.equal(answer.json.tok, '***');
  assert.equal(answer.json.b64, '***');
  assert.ok(!text.includes(SECRET), text);

  const shown = await eventually(
    async () => {
      const history = fakeIo(dir);
      if ((await main(['history', '--json'], history.io)) !== 0) return undefined;
      const [execution] = JSON.parse(history.stdout()) as { id: string; status: string }[];
      if (execution?.status !== 'success') return undefined;
      const show = fakeIo(dir);
      assert.equal(await main(['show', execution.id, '--json'], show.io), 0);
      return show.stdout();
    },
    10_000,
    'the execution recorded as success',
  );
  assert.ok(shown.includes('"tok": "***"'), shown);
  for (const spelling of [SECRET, Buffer.from(SECRET).toString('base64'), encodeURIComponent(SECRET)]) assert.ok(!shown.includes(spelling), spelling);
});
