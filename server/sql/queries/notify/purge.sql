-- The retention sweep: up to :limit notifications older than :days days, and push windows long ended.
WITH old AS (
    SELECT id FROM notifications
    WHERE created_at < now() - CAST(:days AS integer) * interval '1 day'
    ORDER BY created_at LIMIT :limit
), gone AS (
    DELETE FROM notifications n USING old WHERE n.id = old.id RETURNING n.id
), windows AS (
    DELETE FROM push_windows WHERE window_end < now() - interval '1 hour'
)
SELECT count(*) FROM gone
