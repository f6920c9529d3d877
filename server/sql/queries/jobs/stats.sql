-- Per kind: jobs waiting or running (depth), the age of the oldest of them in seconds, and dead jobs.
SELECT kind,
       count(*) FILTER (WHERE state <> 'dead') AS depth,
       COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE state <> 'dead')), 0) AS oldest_seconds,
       count(*) FILTER (WHERE state = 'dead') AS dead
FROM jobs
GROUP BY kind
ORDER BY kind
