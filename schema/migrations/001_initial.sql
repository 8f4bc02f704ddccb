-- Execution history of Workflow Studio (see docs/store.md).
-- Times are epoch milliseconds; JSON values are TEXT. Rows written by several processes are
-- merged from their journals in any order, so ids are chosen by the writer (never
-- autoincrement keys that another table points to) and counters are only ever incremented.

-- One row per workflow file; the id is derived from the workspace-relative path.
CREATE TABLE workflows (
  id TEXT PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  node_names TEXT NOT NULL DEFAULT '',
  folder TEXT,
  favorite INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'archived')),
  is_template INTEGER NOT NULL DEFAULT 0,
  current_version_id TEXT,
  execution_count INTEGER NOT NULL DEFAULT 0,
  last_executed_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX workflows_by_updated ON workflows (updated_at DESC);
CREATE INDEX workflows_by_execution_count ON workflows (execution_count DESC);

-- A version each time a workflow's canonical content changes. Numbers are not stored: a
-- version's number is its rank by (created_at, id), so every process numbers the same set of
-- rows the same way, whatever order their journals were merged in.
CREATE TABLE workflow_versions (
  id TEXT PRIMARY KEY,
  workflow_id TEXT NOT NULL,
  parent_id TEXT,
  content_hash TEXT NOT NULL,
  content TEXT,
  change_summary TEXT NOT NULL,
  git_commit TEXT,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX workflow_versions_by_workflow ON workflow_versions (workflow_id, created_at, id);

CREATE TABLE executions (
  id TEXT PRIMARY KEY,
  workflow_id TEXT NOT NULL,
  version_id TEXT,
  workflow_name TEXT,
  parent_execution_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'success', 'failed', 'partial', 'cancelled', 'timeout', 'interrupted')),
  trigger_type TEXT NOT NULL,
  trigger_node_id TEXT,
  trigger_data TEXT,
  input TEXT,
  output TEXT,
  error_message TEXT,
  error_code TEXT,
  error_node_id TEXT,
  error_stack TEXT,
  started_at INTEGER NOT NULL,
  completed_at INTEGER,
  duration_ms INTEGER,
  nodes_executed INTEGER NOT NULL DEFAULT 0,
  -- the process (journal writer) recording it: an unfinished run whose writer is gone was interrupted
  owner TEXT
);
CREATE INDEX executions_by_workflow ON executions (workflow_id, started_at DESC);
CREATE INDEX executions_by_started ON executions (started_at DESC);
CREATE INDEX executions_by_status ON executions (status);

-- Executions deleted by retention. A journal replayed later may still hold the start of one;
-- the tombstone keeps it from coming back. The snapshot writer drops tombstones after a day.
CREATE TABLE execution_tombstones (
  id TEXT PRIMARY KEY,
  deleted_at INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per node, iteration and attempt; attempt 0 is a node that never ran (skipped).
CREATE TABLE node_results (
  execution_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  iteration TEXT NOT NULL DEFAULT '',
  attempt INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  node_name TEXT NOT NULL,
  node_type TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'success', 'failed', 'skipped', 'cached', 'interrupted')),
  skip_reason TEXT,
  input TEXT,
  output TEXT,
  error_message TEXT,
  error_code TEXT,
  error_field TEXT,
  error_stack TEXT,
  will_retry INTEGER NOT NULL DEFAULT 0,
  handling TEXT,
  started_at INTEGER,
  completed_at INTEGER,
  duration_ms INTEGER,
  PRIMARY KEY (execution_id, node_id, iteration, attempt)
) WITHOUT ROWID;

-- Clustered by execution: loading one run's logs is one range scan.
CREATE TABLE logs (
  execution_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  message TEXT NOT NULL,
  data TEXT,
  node_id TEXT,
  node_name TEXT,
  iteration TEXT,
  at INTEGER NOT NULL,
  PRIMARY KEY (execution_id, seq)
) WITHOUT ROWID;

-- Activity statistics per node type and workflow (attempts, not nodes: a retry counts).
CREATE TABLE node_type_stats (
  workflow_id TEXT NOT NULL,
  node_type TEXT NOT NULL,
  executions INTEGER NOT NULL DEFAULT 0,
  successes INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  total_duration_ms INTEGER NOT NULL DEFAULT 0,
  min_duration_ms INTEGER,
  max_duration_ms INTEGER,
  last_executed_at INTEGER,
  PRIMARY KEY (workflow_id, node_type)
) WITHOUT ROWID;

-- Persistence bookkeeping: how many bytes of each journal file this snapshot already contains.
CREATE TABLE store_journals (
  name TEXT PRIMARY KEY,
  folded_bytes INTEGER NOT NULL,
  complete INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Persistence facts of the snapshot, e.g. `generation`: how many snapshots preceded this one.
CREATE TABLE store_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
