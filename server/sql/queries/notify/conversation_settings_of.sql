-- A user's per-conversation settings (only those not at the defaults are stored). muted_until 'infinity' is a
-- mute without end: answered as NULL with forever = true.
SELECT conversation_id, level, CASE WHEN muted_until = 'infinity' THEN NULL ELSE muted_until END,
       muted_until = 'infinity'
FROM conversation_notification_settings WHERE user_id = :user_id ORDER BY conversation_id
