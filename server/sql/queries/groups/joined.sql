-- Members who just joined (:rows a JSON array of {conversation_id, user_id, seq, hidden}): they have read up to
-- their member.added event, and see the history from it on when it is hidden from new members.
UPDATE conversation_members m
SET visible_from_seq = CASE WHEN v.hidden THEN v.seq ELSE 0 END,
    last_read_seq = v.seq,
    delivered_seq = v.seq
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS v(conversation_id bigint, user_id bigint, seq bigint, hidden boolean)
WHERE m.conversation_id = v.conversation_id AND m.user_id = v.user_id
