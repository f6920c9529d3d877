-- Jobs in one state (dead, pending, running), optionally of one kind, newest first.
SELECT id, kind, job_key, state, attempts, max_attempts, run_at, last_error, created_at
FROM jobs
WHERE state = :state AND (CAST(:kind AS text) IS NULL OR kind = CAST(:kind AS text))
ORDER BY id DESC LIMIT :limit
