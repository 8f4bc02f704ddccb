-- Full-text search over workflow names, descriptions, tags and node names. sql.js ships FTS3/4
-- (not FTS5). The index is derived from `workflows` by triggers, so journals never mention it.
CREATE VIRTUAL TABLE workflow_search USING fts4 (name, description, tags, node_names, tokenize=unicode61);

INSERT INTO workflow_search (docid, name, description, tags, node_names)
  SELECT rowid, name, COALESCE(description, ''), tags, node_names FROM workflows;

CREATE TRIGGER workflows_search_insert AFTER INSERT ON workflows BEGIN
  INSERT INTO workflow_search (docid, name, description, tags, node_names)
    VALUES (new.rowid, new.name, COALESCE(new.description, ''), new.tags, new.node_names);
END;

CREATE TRIGGER workflows_search_update AFTER UPDATE OF name, description, tags, node_names ON workflows BEGIN
  DELETE FROM workflow_search WHERE docid = old.rowid;
  INSERT INTO workflow_search (docid, name, description, tags, node_names)
    VALUES (new.rowid, new.name, COALESCE(new.description, ''), new.tags, new.node_names);
END;

CREATE TRIGGER workflows_search_delete AFTER DELETE ON workflows BEGIN
  DELETE FROM workflow_search WHERE docid = old.rowid;
END;
