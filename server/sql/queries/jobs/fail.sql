-- A failed attempt: dead when :permanent or when it used its last attempt, else pending again at now() +
-- :delay_ms (the backoff). Only while :node holds it. Returns the new state.
UPDATE jobs
SET state = CASE WHEN CAST(:permanent AS boolean) OR attempts >= max_attempts THEN 'dead' ELSE 'pending' END,
    run_at = now() + CAST(:delay_ms AS bigint) * interval '1 millisecond',
    last_error = left(:error, 4000), locked_by = NULL, locked_until = NULL
WHERE id = :id AND state = 'running' AND locked_by = :node
RETURNING state
