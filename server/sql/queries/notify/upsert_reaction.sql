-- `reaction` notifications (:rows [{user_id, conversation_id, message_id, actor_id, n}], one per user and
-- message): an unread one for the same message absorbs the new reactions (as upsert_message does).
INSERT INTO notifications AS n (user_id, kind, conversation_id, message_id, actor_id, count)
SELECT r.user_id, 'reaction', r.conversation_id, r.message_id, r.actor_id, r.n
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(user_id bigint, conversation_id bigint, message_id bigint,
                                                 actor_id bigint, n integer)
ON CONFLICT (user_id, message_id) WHERE kind = 'reaction' AND read_at IS NULL
DO UPDATE SET id = nextval('notifications_id_seq'), actor_id = EXCLUDED.actor_id, count = n.count + EXCLUDED.count,
              created_at = now()
RETURNING n.id, n.user_id, n.kind, n.conversation_id, n.message_id, n.actor_id, n.report_id, n.count, n.created_at
