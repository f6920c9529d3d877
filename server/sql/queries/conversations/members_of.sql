-- Members of a set of conversations (bigint array literal); the batched writer checks senders against it
-- and fans each message out to exactly these users.
SELECT conversation_id, user_id FROM conversation_members
WHERE conversation_id = ANY (CAST(:ids AS bigint[]))
