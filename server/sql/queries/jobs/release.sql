-- Claimed jobs a stopping runner did not start: pending again at once, the claim not counted as an attempt.
UPDATE jobs SET state = 'pending', attempts = greatest(attempts - 1, 0), locked_by = NULL, locked_until = NULL
WHERE id = ANY (CAST(:ids AS bigint[])) AND state = 'running' AND locked_by = :node
