/** Real git repositories for tests: `git init` in a temp folder with a local identity. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from '../cli/helpers';
import type { Workflow } from '../../../src/core/model/workflow';
import { serializeWorkflow } from '../../../src/core/model/serialize';

export interface TestRepo {
  dir: string;
  /** Runs git in the repository; returns stdout (throws on a non-zero exit). */
  git(...args: string[]): string;
  /** Runs git and returns its exit status and output without throwing. */
  gitStatus(...args: string[]): { status: number; stdout: string; stderr: string };
  write(path: string, text: string): void;
  writeWorkflow(path: string, workflow: Workflow): void;
  read(path: string): string;
  commitAll(message: string): void;
  remove(): void;
}

export function makeRepo(prefix = 'wf-git-'): TestRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir, GIT_TERMINAL_PROMPT: '0' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test User');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');
  const repo: TestRepo = {
    dir,
    git,
    gitStatus(...args) {
      const r = spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' });
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    writeWorkflow(path, workflow) {
      repo.write(path, serializeWorkflow(workflow));
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    commitAll(message) {
      git('add', '-A');
      git('commit', '-q', '-m', message);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return repo;
}

/** A fresh copy of examples/price-alert.workflow.json. */
export function priceAlert(): Workflow {
  return JSON.parse(readFileSync(join(REPO, 'examples', 'price-alert.workflow.json'), 'utf8')) as Workflow;
}

/**
 * A shell command line running `workflow` from the sources (through tsx), for git config values
 * such as `merge.workflow.driver`; `args` are appended as written (e.g. `merge %O %A %B`).
 */
export function cliCommand(args: string): string {
  const loader = pathToFileURL(require.resolve('tsx')).href;
  const entry = join(REPO, 'test', 'unit', 'git', 'workflowCli.ts');
  return `"${process.execPath}" --import ${loader} "${entry}" ${args}`;
}
