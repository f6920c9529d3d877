-- New members of a group (:user_ids a bigint array literal), as members; those already in are left as they are.
-- Their history windows and read positions are set once their member.added events have seqs (groups/joined).
INSERT INTO conversation_members (conversation_id, user_id, role)
SELECT CAST(:conversation_id AS bigint), u.user_id, 'member'
FROM unnest(CAST(:user_ids AS bigint[])) AS u(user_id)
ON CONFLICT DO NOTHING
RETURNING user_id
