-- `message` notifications (:rows [{user_id, conversation_id, message_id, actor_id, n}], one per user and
-- conversation): an unread one of the same user and conversation absorbs the new messages (count grows, the
-- latest message and sender, a new id so that it moves to the top of the list).
INSERT INTO notifications AS n (user_id, kind, conversation_id, message_id, actor_id, count)
SELECT r.user_id, 'message', r.conversation_id, r.message_id, r.actor_id, r.n
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(user_id bigint, conversation_id bigint, message_id bigint,
                                                 actor_id bigint, n integer)
ON CONFLICT (user_id, conversation_id) WHERE kind = 'message' AND read_at IS NULL
DO UPDATE SET id = nextval('notifications_id_seq'),
              -- Two fan-out jobs of one conversation may commit in either order: the latest message wins.
              message_id = GREATEST(n.message_id, EXCLUDED.message_id),
              actor_id = CASE WHEN EXCLUDED.message_id > n.message_id THEN EXCLUDED.actor_id ELSE n.actor_id END,
              count = n.count + EXCLUDED.count, created_at = now()
RETURNING n.id, n.user_id, n.kind, n.conversation_id, n.message_id, n.actor_id, n.report_id, n.count, n.created_at
