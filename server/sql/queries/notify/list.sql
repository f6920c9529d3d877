-- A user's notifications, newest first, below the cursor :before (an id; NULL: from the top), unread only when
-- :unread; :limit + 1 rows are asked for, to tell whether there are more.
SELECT id, user_id, kind, conversation_id, message_id, actor_id, report_id, count, created_at, read_at
FROM notifications
WHERE user_id = :user_id AND id < COALESCE(CAST(:before AS bigint), 9223372036854775807)
  AND (NOT CAST(:unread AS boolean) OR read_at IS NULL)
ORDER BY id DESC
LIMIT :limit
