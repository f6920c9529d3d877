-- Push coalescing: of the (user, conversation) pairs in :pairs, those whose last push window has ended (or that
-- never had one) open a new window of :window_ms and are answered: they may push now. The others are inside a
-- window and push nothing (the `message` notification's count tells how many messages came meanwhile).
INSERT INTO push_windows AS w (user_id, conversation_id, window_end)
SELECT p.user_id, p.conversation_id, now() + CAST(:window_ms AS bigint) * interval '1 millisecond'
FROM jsonb_to_recordset(CAST(:pairs AS jsonb)) AS p(user_id bigint, conversation_id bigint)
ON CONFLICT (user_id, conversation_id) DO UPDATE SET window_end = EXCLUDED.window_end WHERE w.window_end <= now()
RETURNING w.user_id, w.conversation_id
