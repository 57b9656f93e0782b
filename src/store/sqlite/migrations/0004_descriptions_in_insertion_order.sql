-- skillpulse schema v4 (SQLite): descriptions stored in insertion order.
-- v1 keyed descriptions by content_hash as its INTEGER PRIMARY KEY, i.e. the rowid: every new
-- text went to a random leaf of the B-tree that holds the compressed texts themselves, so a
-- bulk load read and rewrote pages all over a table far larger than the page cache. Rows are
-- now appended (text_id, the rowid, in insertion order) and content_hash is a UNIQUE index of
-- 16-byte entries. The same 161,462 compressed texts of the 250k benchmark corpus, in the order
-- an ingest meets them (sqlite3 shell, WAL, one transaction): 2.61 s random-key vs 1.33 s
-- appended (docs/BENCHMARKS.md). Queries name content_hash as before (the index serves them),
-- and INSERT OR IGNORE still skips a text already stored (the UNIQUE constraint).
CREATE TABLE descriptions_v4 (
  text_id      INTEGER PRIMARY KEY,            -- insertion order
  content_hash INTEGER NOT NULL UNIQUE,        -- XXH3-64 of the plain text (as signed 64-bit)
  size_bytes   INTEGER NOT NULL,               -- length of the plain text
  text         BLOB NOT NULL                   -- zstd-compressed UTF-8 plain text
);
INSERT INTO descriptions_v4 (content_hash, size_bytes, text)
  SELECT content_hash, size_bytes, text FROM descriptions ORDER BY content_hash;
DROP TABLE descriptions;
ALTER TABLE descriptions_v4 RENAME TO descriptions;
