-- A job that ran is deleted, in the transaction of whatever its handler wrote; only while :node still holds it
-- (no row: the lease ran out and another runner took it, so the handler's work is rolled back).
DELETE FROM jobs WHERE id = :id AND state = 'running' AND locked_by = :node
RETURNING id
