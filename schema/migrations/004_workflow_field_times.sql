-- When each user-set field of a workflow (status, folder, favorite, is_template) was last set,
-- and to what. Processes set these fields in their own journals, which are replayed in any
-- order (by writer id, not by time): op `wf.field` applies a setting only while it is the
-- newest by (set_at, value), so every order ends with the last setting made. Without it a
-- `workflow pause` followed by an Activate in VS Code could come back paused at the next open.
CREATE TABLE workflow_field_times (
  workflow_id TEXT NOT NULL,
  field TEXT NOT NULL CHECK (field IN ('folder', 'favorite', 'status', 'is_template')),
  set_at INTEGER NOT NULL,
  -- the value set (no column affinity: text and integers compare as they were written)
  value,
  PRIMARY KEY (workflow_id, field)
) WITHOUT ROWID;
