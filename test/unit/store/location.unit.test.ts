/** Where the database lives, and that git ignores it without the user doing anything. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultDatabasePath,
  ensureDatabaseDirectory,
  findWorkspaceRoot,
  gitHeadCommit,
  resolveDatabasePath,
  workspaceRelativePath,
} from '../../../src/core/store';
import { workflowText } from './fixtures/events';
import { openTestStore, tempDir } from './fixtures/temp';

function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('location', () => {
  it('finds the workspace: nearest .workflow-studio, else nearest .git, else the start', () => {
    const root = tempDir();
    const repo = join(root, 'repo');
    const deep = join(repo, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    assert.equal(findWorkspaceRoot(deep), deep);
    mkdirSync(join(repo, '.git'));
    assert.equal(findWorkspaceRoot(deep), repo);
    mkdirSync(join(repo, 'a', '.workflow-studio'));
    assert.equal(findWorkspaceRoot(deep), join(repo, 'a'));
    assert.equal(defaultDatabasePath(repo), join(repo, '.workflow-studio', 'history.sqlite'));
  });

  it('lets --db, then WORKFLOW_DB, override the default', () => {
    const root = tempDir();
    mkdirSync(join(root, '.git'));
    assert.equal(resolveDatabasePath({ cwd: root }), join(root, '.workflow-studio', 'history.sqlite'));
    assert.equal(resolveDatabasePath({ cwd: root, env: { WORKFLOW_DB: 'env.sqlite' } }), join(root, 'env.sqlite'));
    assert.equal(resolveDatabasePath({ cwd: root, env: { WORKFLOW_DB: 'env.sqlite' }, db: '/x/opt.sqlite' }), '/x/opt.sqlite');
    assert.equal(resolveDatabasePath({ cwd: root, root: '/elsewhere' }), join('/elsewhere', '.workflow-studio', 'history.sqlite'));
    assert.equal(resolveDatabasePath({ cwd: root, env: { WORKFLOW_DB: '' }, root: '/w' }), join('/w', '.workflow-studio', 'history.sqlite'));
  });

  it('gives workspace-relative paths with forward slashes', () => {
    assert.equal(workspaceRelativePath('/w', '/w/flows/a.workflow.json'), 'flows/a.workflow.json');
    assert.equal(workspaceRelativePath('/w', 'flows/a.workflow.json'), 'flows/a.workflow.json');
  });

  it('writes a .gitignore only into its own .workflow-studio directory', () => {
    const root = tempDir();
    ensureDatabaseDirectory(join(root, '.workflow-studio', 'history.sqlite'));
    assert.match(readFileSync(join(root, '.workflow-studio', '.gitignore'), 'utf8'), /^\*$/m);
    ensureDatabaseDirectory(join(root, 'custom', 'db.sqlite'));
    assert.ok(existsSync(join(root, 'custom')) && !existsSync(join(root, 'custom', '.gitignore')));
  });

  it('creates nothing on disk for a store that is only read', async () => {
    const root = tempDir();
    const store = await openTestStore(defaultDatabasePath(root));
    assert.deepEqual(await store.listExecutions(), []);
    await store.close();
    assert.ok(!existsSync(join(root, '.workflow-studio')));
  });

  it('keeps the history out of git status with no user action', { skip: !hasGit() && 'git is not installed' }, async () => {
    const root = tempDir();
    execFileSync('git', ['init', '-q', root]);
    writeFileSync(join(root, 'a.workflow.json'), workflowText('A', 2));
    const store = await openTestStore(defaultDatabasePath(findWorkspaceRoot(root)));
    await store.registerWorkflow({ path: 'a.workflow.json', content: workflowText('A', 2) });
    await store.compact();
    await store.close();
    assert.ok(existsSync(join(root, '.workflow-studio', 'history.sqlite')));
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root, encoding: 'utf8' });
    assert.equal(status.trim(), '?? a.workflow.json');
  });

  it('reads the checked-out commit from .git', () => {
    const root = tempDir();
    mkdirSync(join(root, '.git', 'refs', 'heads'), { recursive: true });
    writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    assert.equal(gitHeadCommit(root), undefined);
    writeFileSync(join(root, '.git', 'packed-refs'), `# pack-refs\n${'b'.repeat(40)} refs/heads/main\n`);
    assert.equal(gitHeadCommit(root), 'b'.repeat(40));
    writeFileSync(join(root, '.git', 'refs', 'heads', 'main'), `${'a'.repeat(40)}\n`);
    assert.equal(gitHeadCommit(root), 'a'.repeat(40));
  });
});
