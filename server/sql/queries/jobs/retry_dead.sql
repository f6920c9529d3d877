-- A dead job gets a new set of attempts, due now; no row when :id is not a dead job.
UPDATE jobs SET state = 'pending', attempts = 0, run_at = now(), locked_by = NULL, locked_until = NULL
WHERE id = :id AND state = 'dead'
RETURNING id, kind, job_key, state, attempts, max_attempts, run_at, last_error, created_at
