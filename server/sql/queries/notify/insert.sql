-- Notifications that do not coalesce (mention, reply, group.added, report.resolved): :rows [{user_id, kind,
-- conversation_id, message_id, actor_id, report_id}].
INSERT INTO notifications (user_id, kind, conversation_id, message_id, actor_id, report_id)
SELECT r.user_id, r.kind, r.conversation_id, r.message_id, r.actor_id, r.report_id
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(user_id bigint, kind text, conversation_id bigint,
                                                 message_id bigint, actor_id bigint, report_id bigint)
RETURNING id, user_id, kind, conversation_id, message_id, actor_id, report_id, count, created_at
