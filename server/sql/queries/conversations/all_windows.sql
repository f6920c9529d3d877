-- The user's history window in every conversation they belong to.
SELECT conversation_id, visible_from_seq FROM conversation_members WHERE user_id = :user_id
