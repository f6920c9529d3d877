-- Stores (or, at the defaults, deletes) a user's settings for the conversations in :rows, a JSON array of
-- {conversation_id, level, muted_until (ISO time, 'infinity' or null)}. Only conversations the user is a member of
-- are touched; the ids of those are returned (the service refuses the request when one is missing).
WITH rows AS (
    SELECT r.conversation_id, r.level, CAST(r.muted_until AS timestamptz) AS muted_until
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(conversation_id bigint, level text, muted_until text)
    JOIN conversation_members m ON m.conversation_id = r.conversation_id AND m.user_id = :user_id
), cleared AS (
    DELETE FROM conversation_notification_settings s USING rows
    WHERE s.user_id = :user_id AND s.conversation_id = rows.conversation_id
      AND rows.level = 'all' AND rows.muted_until IS NULL
), stored AS (
    INSERT INTO conversation_notification_settings (conversation_id, user_id, level, muted_until)
    SELECT conversation_id, :user_id, level, muted_until FROM rows
    WHERE NOT (level = 'all' AND muted_until IS NULL)
    ON CONFLICT (user_id, conversation_id) DO UPDATE SET level = EXCLUDED.level, muted_until = EXCLUDED.muted_until
)
SELECT conversation_id FROM rows
