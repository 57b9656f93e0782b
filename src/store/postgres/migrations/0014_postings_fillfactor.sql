-- Room on every postings page for one more version of a row or two (fillfactor 90): the job
-- assignment at the end of a run rewrites job_id for the postings whose provisional job was
-- wrong (50,651 of the 250k benchmark corpus), and an UPDATE that fits on its row's page is a
-- heap-only tuple (no index touched, PostgreSQL docs "Heap-Only Tuples (HOT)"). Applies to
-- pages written from now on.
ALTER TABLE postings SET (fillfactor = 90);
ALTER TABLE dedup_records SET (fillfactor = 90);
