-- Every member's receipts in one conversation, in join order.
SELECT user_id, delivered_seq, last_read_seq FROM conversation_members WHERE conversation_id = :id
ORDER BY joined_at, user_id
