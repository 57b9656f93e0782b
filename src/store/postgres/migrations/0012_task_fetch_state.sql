-- Conditional requests for workers: the fetch state (sources/fetch/fetch_state.h, JSON Lines:
-- per URL the validators of its last good response, ETag / Last-Modified) of each task's
-- source, saved by the worker that completed the task's latest run after the store committed
-- it, and sent as If-None-Match / If-Modified-Since by whichever worker claims it next.
ALTER TABLE tasks ADD COLUMN fetch_state text;
