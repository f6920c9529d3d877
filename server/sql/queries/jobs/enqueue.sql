-- A new job; nothing when (kind, job_key) is already queued, running or dead. Returns the new id (no row: there
-- was one). Runs in the caller's transaction, so the job commits with the change that causes it.
INSERT INTO jobs (kind, job_key, payload, run_at, max_attempts)
VALUES (:kind, :job_key, CAST(:payload AS jsonb), COALESCE(CAST(:run_at AS timestamptz), now()), :max_attempts)
ON CONFLICT (kind, job_key) DO NOTHING
RETURNING id
