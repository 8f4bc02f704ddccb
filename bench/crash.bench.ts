/**
 * Crash benchmark (`npm run bench:crash`): the kill test of `workflow serve`, repeated. Each
 * round drives concurrent webhook load in both response modes (`immediate` 202, `lastNode` 200)
 * against the bundled CLI on 127.0.0.1, SIGKILLs it after a random number of answers (5–60),
 * starts it again (recovery), and looks every 2xx answer up in the history: an acknowledged run
 * must be recorded with a final status (a 200 as `success` with the output answered). See
 * test/unit/cli/serveKillRound.ts for one round.
 *
 *   npm run bench:crash                       20 rounds, 8 clients
 *   npm run bench:crash -- --rounds 100 --clients 16
 *
 * Prints "N kills, M acknowledged, L lost" and the final statuses; exits 1 if anything was lost.
 */
import { bundleCli } from '../test/unit/cli/serveHelpers';
import { killRound, killWorkspace } from '../test/unit/cli/serveKillRound';

const args = process.argv.slice(2);
/** The value after `--name`, or `fallback`. */
const option = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const flag = (name: string) => args.includes(`--${name}`);

async function main(): Promise<void> {
  const rounds = Number(option('rounds', '20'));
  const clients = Number(option('clients', '8'));
  const verbose = flag('verbose');
  const bin = await bundleCli();
  const dir = await killWorkspace(bin);
  let acknowledged = 0;
  let unanswered = 0;
  const lost: string[] = [];
  const statuses: Record<string, number> = {};
  const started = Date.now();
  for (let i = 1; i <= rounds; i++) {
    const killAfter = 5 + Math.floor(Math.random() * 56);
    const round = await killRound(bin, dir, { clients, killAfter, timeoutMs: 30_000 });
    acknowledged += round.acknowledged;
    unanswered += round.unanswered;
    lost.push(...round.lost);
    for (const [status, count] of Object.entries(round.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
    if (verbose) console.log(`round ${i}: killed after ${round.acknowledged} answers, ${round.unanswered} cut, ${round.lost.length} lost`);
  }
  console.log(`${rounds} kills, ${acknowledged} acknowledged, ${lost.length} lost`);
  console.log(`statuses of the acknowledged runs: ${JSON.stringify(statuses)}; requests cut by the kill (no answer): ${unanswered}`);
  console.log(`${clients} clients, ${((Date.now() - started) / 1000).toFixed(1)} s, history in ${dir}`);
  for (const line of lost.slice(0, 20)) console.log(`  lost: ${line}`);
  process.exitCode = lost.length === 0 ? 0 : 1;
}

void main();
