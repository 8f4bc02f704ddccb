-- Signatures of timestamp-signed webhook requests that `workflow serve` accepted, kept until
-- their timestamp leaves the route's tolerance window, so that a replay is refused even after
-- the server restarted (op `sig.seen`). `route` is "<workflow id> NUL <node id>". Compaction
-- drops expired rows.
CREATE TABLE webhook_signatures (
  route TEXT NOT NULL,
  signature TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (route, signature)
) WITHOUT ROWID;
