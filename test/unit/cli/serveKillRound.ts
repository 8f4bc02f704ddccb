/**
 * One round of the kill test (`serveKill.unit.test.ts`, `npm run bench:crash`): `workflow serve`
 * as a real process under concurrent webhook load in both response modes, SIGKILLed in the
 * middle of it, started again (its store opens and marks what the dead process left unfinished),
 * then every answer it gave is looked up in the history.
 *
 * - `immediate` (202): the execution id answered must be recorded, with a final status
 *   (`success`, or `interrupted` when the kill came before the run ended).
 * - `lastNode` (200): the execution named by `x-execution-id` must be `success` with exactly
 *   the output that was answered.
 *
 * The kill lands after a random number of acknowledged answers (a few to a few dozen), while
 * `clients` requests are in flight. Nothing here waits a fixed time: the round follows the
 * child's output (listening, the first answers) and the requests' own completion.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { defaultDatabasePath, openStore, silentLogger } from '../../../src/core/store';
import { eventually, runWorkflowCli, ServeProcess } from './serveHelpers';

/** What one round saw. */
export interface KillRound {
  /** 2xx answers received before the kill. */
  acknowledged: number;
  /** Of those, how many are missing or wrong in the history after the restart (each described). */
  lost: string[];
  /** Requests that got no answer (the kill cut them): allowed to be anywhere or nowhere. */
  unanswered: number;
  /** Final statuses of the acknowledged runs, counted. */
  statuses: Record<string, number>;
}

interface Acknowledged {
  mode: 'immediate' | 'lastNode';
  executionId: string;
  /** lastNode: the JSON answered. */
  output?: unknown;
}

/** A served directory with one workflow per response mode, both active. */
export async function killWorkspace(bin: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'wf-kill-'));
  mkdirSync(join(dir, '.git'));
  const chain = (mode: string, path: string) => {
    // a short wait keeps runs in flight, so that a kill also catches acknowledged runs unfinished
    const nodes: unknown[] = [
      { id: 'hook', type: 'trigger.webhook', name: 'Hook', position: { x: 0, y: 0 }, config: { path, method: 'POST', responseMode: mode } },
      { id: 'wait', type: 'flow.delay', name: 'Wait', position: { x: 200, y: 0 }, config: { ms: 20 } },
    ];
    const edges: unknown[] = [{ id: 'e0', source: 'hook', target: 'wait' }];
    for (let i = 1; i <= 5; i++) {
      nodes.push({ id: `s${i}`, type: 'data.set', name: `Set ${i}`, position: { x: 200 * (i + 1), y: 0 }, config: { values: { [`step${i}`]: '{{ body.n }}' } } });
      edges.push({ id: `e${i}`, source: i === 1 ? 'wait' : `s${i - 1}`, target: `s${i}` });
    }
    return serializeWorkflow({ formatVersion: 1, name: `Kill ${mode}`, nodes, edges } as never);
  };
  writeFileSync(join(dir, 'fast.workflow.json'), chain('immediate', 'fast'));
  writeFileSync(join(dir, 'answer.workflow.json'), chain('lastNode', 'answer'));
  for (const file of ['fast.workflow.json', 'answer.workflow.json']) {
    const result = await runWorkflowCli(bin, ['activate', file], dir);
    if (result.code !== 0) throw new Error(`activate ${file}: ${result.stderr}`);
  }
  return dir;
}

/** Starts `workflow serve` on a free port of 127.0.0.1 and resolves once it serves. */
export async function startServe(bin: string, dir: string): Promise<{ server: ServeProcess; url: string }> {
  const server = new ServeProcess(bin, [dir, '--port', '0', '--host', '127.0.0.1', '--quiet'], { cwd: dir });
  const url = await server.url();
  // ready: the store is open and both webhooks are armed
  await eventually(async () => ((await probe(`${url}/readyz`)) === 200 ? true : undefined), 15_000, `${url}/readyz to answer 200`);
  return { server, url };
}

/**
 * Drives `clients` concurrent senders until SIGKILL, restarts the server, checks the history.
 * `killAfter`: acknowledged answers before the kill.
 */
export async function killRound(bin: string, dir: string, options: { clients: number; killAfter: number; timeoutMs: number }): Promise<KillRound> {
  const first = await startServe(bin, dir);
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients });
  const acknowledged: Acknowledged[] = [];
  let unanswered = 0;
  let killed = false;
  let sequence = 0;
  let killNow!: () => void;
  const killSignal = new Promise<void>((resolve) => (killNow = resolve));
  const deadline = Date.now() + options.timeoutMs;

  const client = async (index: number) => {
    while (!killed && Date.now() < deadline) {
      const mode = (sequence + index) % 2 === 0 ? 'immediate' : 'lastNode';
      const n = ++sequence;
      const answer = await send(agent, `${first.url}/webhook/${mode === 'immediate' ? 'fast' : 'answer'}`, JSON.stringify({ n }));
      if (answer === undefined) {
        unanswered++;
        continue;
      }
      if (answer.status < 200 || answer.status > 299) throw new Error(`unexpected ${answer.status} before the kill: ${answer.text}`);
      const body = JSON.parse(answer.text) as Record<string, unknown>;
      if (mode === 'immediate') acknowledged.push({ mode, executionId: String(body.executionId) });
      else acknowledged.push({ mode, executionId: String(answer.executionId), output: body });
      if (acknowledged.length >= options.killAfter) killNow();
    }
  };
  const clients = Array.from({ length: options.clients }, (_, i) => client(i));
  await Promise.race([killSignal, Promise.all(clients)]);
  killed = true;
  first.server.signal('SIGKILL');
  await first.server.exited;
  await Promise.all(clients);
  agent.destroy();

  // the restart is the recovery: its store marks the dead process's unfinished runs
  const second = await startServe(bin, dir);
  try {
    return { ...(await audit(dir, acknowledged)), acknowledged: acknowledged.length, unanswered };
  } finally {
    second.server.signal('SIGTERM');
    await second.server.exited;
  }
}

/** Looks every acknowledged answer up in the history. */
async function audit(dir: string, acknowledged: Acknowledged[]): Promise<Pick<KillRound, 'lost' | 'statuses'>> {
  const store = await openStore({ path: defaultDatabasePath(dir), logger: silentLogger });
  const lost: string[] = [];
  const statuses: Record<string, number> = {};
  try {
    for (const ack of acknowledged) {
      const detail = await store.getExecution(ack.executionId).catch(() => undefined);
      if (detail === undefined) {
        lost.push(`${ack.mode} ${ack.executionId}: not in the history`);
        continue;
      }
      statuses[detail.status] = (statuses[detail.status] ?? 0) + 1;
      if (ack.mode === 'immediate') {
        if (detail.status !== 'success' && detail.status !== 'interrupted') lost.push(`immediate ${ack.executionId}: status ${detail.status}`);
        if (detail.status === 'interrupted' && !/killed or crashed/.test(detail.error?.message ?? '')) {
          lost.push(`immediate ${ack.executionId}: interrupted without naming the crash (${detail.error?.message})`);
        }
      } else if (detail.status !== 'success') {
        lost.push(`lastNode ${ack.executionId}: answered 200 but recorded ${detail.status}`);
      } else if (JSON.stringify(detail.output) !== JSON.stringify(ack.output)) {
        lost.push(`lastNode ${ack.executionId}: recorded output differs from the answer`);
      }
    }
  } finally {
    await store.close();
  }
  return { lost, statuses };
}

/** POSTs JSON; undefined when the connection broke before a whole answer arrived. */
function send(agent: Agent, url: string, body: string): Promise<{ status: number; text: string; executionId?: string } | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, executionId: res.headers['x-execution-id'] as string | undefined }));
      res.on('error', () => resolve(undefined));
      res.on('aborted', () => resolve(undefined));
    });
    req.on('error', () => resolve(undefined));
    req.end(body);
  });
}

/** Status of a GET, 0 when the connection failed. */
export function probe(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}
