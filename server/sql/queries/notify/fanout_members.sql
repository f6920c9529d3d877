-- The notification fan-out (NotificationFanout): every member of the conversations (:conversations, a JSON array
-- of ids) with what decides their notifications: the username (for @mentions), the history window, the
-- conversation's level and mute, and the user's push switch and quiet hours.
SELECT m.conversation_id, m.user_id, lower(u.username), m.visible_from_seq,
       COALESCE(cs.level, 'all'), (cs.muted_until IS NOT NULL AND cs.muted_until > now()) AS muted,
       COALESCE(s.push, true), CAST(s.quiet_from AS text), CAST(s.quiet_to AS text), s.quiet_tz
FROM conversation_members m
JOIN users u ON u.id = m.user_id
LEFT JOIN notification_settings s ON s.user_id = m.user_id
LEFT JOIN conversation_notification_settings cs ON cs.user_id = m.user_id AND cs.conversation_id = m.conversation_id
WHERE m.conversation_id = ANY (ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(:conversations AS jsonb)) AS bigint)))
