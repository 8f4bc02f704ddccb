-- Trigger records: one row per trigger node (schedule, webhook, file, poll) of a workflow,
-- written by whichever process has the trigger armed (VS Code, `workflow serve`). Rows are
-- merged from several journals in any order: the counters only increase, the last times take
-- the maximum, and `next_run_at` and `state` go to the newest setting (by their *_set_at time).
-- The kind is part of the key, so a node whose type changes starts a fresh record.
CREATE TABLE triggers (
  workflow_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('schedule', 'webhook', 'file', 'poll')),
  -- the next planned fire (schedules and polls); NULL when none is planned
  next_run_at INTEGER,
  next_run_set_at INTEGER,
  -- the last time it fired (a fire skipped by an overlap policy counts), and started a run
  last_fired_at INTEGER,
  last_run_at INTEGER,
  run_count INTEGER NOT NULL DEFAULT 0,
  trigger_count INTEGER NOT NULL DEFAULT 0,
  -- what the kind remembers between processes, as JSON: a poll's baseline hash
  state TEXT,
  state_set_at INTEGER,
  PRIMARY KEY (workflow_id, node_id, kind)
) WITHOUT ROWID;
