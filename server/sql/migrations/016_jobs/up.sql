-- The durable job queue (issue #12): work that must not slow an acknowledgement (notification fan-out, push
-- deliveries, thumbnails, media clean-up). A job is inserted in the same transaction as the change that causes
-- it, so a crash loses none and invents none. Worker threads of any banterd on this database claim due jobs with
-- FOR UPDATE SKIP LOCKED and hold them under a lease: a running job whose lease ran out (its node died) is
-- claimable again. A job that ran is deleted; one that failed max_attempts times stays, dead, with its last error.
CREATE TABLE jobs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL CHECK (char_length(kind) BETWEEN 1 AND 100),
    -- Idempotency: enqueueing a (kind, job_key) that is still here (pending, running or dead) does nothing.
    job_key text NOT NULL CHECK (char_length(job_key) BETWEEN 1 AND 500),
    payload jsonb NOT NULL DEFAULT '{}',
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'dead')),
    attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0), -- counted when claimed
    max_attempts int NOT NULL DEFAULT 8 CHECK (max_attempts >= 1),
    run_at timestamptz NOT NULL DEFAULT now(),
    locked_by text,           -- the runner (node) holding it while running
    locked_until timestamptz, -- the lease
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, job_key),
    CHECK ((state = 'running') = (locked_by IS NOT NULL AND locked_until IS NOT NULL))
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'pending';
CREATE INDEX jobs_lease ON jobs (locked_until) WHERE state = 'running';
CREATE INDEX jobs_dead ON jobs (id) WHERE state = 'dead';
