-- Claims up to :limit jobs of the kinds this runner handles (:kinds, a JSON array of text): pending ones that
-- are due, and running ones whose lease ran out (their node died). Rows another runner has locked are skipped,
-- so several banterd processes share the queue. Each claim counts as an attempt and starts a lease of :lease_ms.
WITH kinds AS (
    SELECT jsonb_array_elements_text(CAST(:kinds AS jsonb)) AS kind
), due AS (
    SELECT j.id, j.run_at FROM jobs j
    WHERE j.state = 'pending' AND j.run_at <= now() AND j.kind IN (SELECT kind FROM kinds)
    ORDER BY j.run_at LIMIT :limit
    FOR UPDATE OF j SKIP LOCKED
), expired AS (
    SELECT j.id, j.run_at FROM jobs j
    WHERE j.state = 'running' AND j.locked_until < now() AND j.kind IN (SELECT kind FROM kinds)
    ORDER BY j.locked_until LIMIT :limit
    FOR UPDATE OF j SKIP LOCKED
), picked AS (
    SELECT id FROM (SELECT id, run_at FROM due UNION ALL SELECT id, run_at FROM expired) c
    ORDER BY run_at LIMIT :limit
)
UPDATE jobs j
SET state = 'running', attempts = j.attempts + 1, locked_by = :node,
    locked_until = now() + CAST(:lease_ms AS bigint) * interval '1 millisecond'
FROM picked
WHERE j.id = picked.id
RETURNING j.id, j.kind, j.job_key, CAST(j.payload AS text), j.attempts, j.max_attempts
