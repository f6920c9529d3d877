-- :member_ids is a bigint array literal ("{1,2,3}") that includes the creator.
INSERT INTO conversation_members (conversation_id, user_id, role)
SELECT CAST(:conversation_id AS bigint), m.user_id, CASE WHEN m.user_id = CAST(:owner_id AS bigint) THEN 'owner' ELSE 'member' END
FROM unnest(CAST(:member_ids AS bigint[])) AS m(user_id)
ON CONFLICT DO NOTHING
