-- Many new jobs at once (:rows [{kind, job_key, payload}]), in the caller's transaction; (kind, job_key) pairs
-- still queued are left alone. Answers how many were new.
WITH added AS (
    INSERT INTO jobs (kind, job_key, payload)
    SELECT r.kind, r.job_key, r.payload FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(kind text, job_key text, payload jsonb)
    ON CONFLICT (kind, job_key) DO NOTHING
    RETURNING id
)
SELECT count(*) FROM added
