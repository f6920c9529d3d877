-- Returns a row only when the reaction is new (adding the same one twice is one reaction).
INSERT INTO message_reactions (message_id, user_id, emoji) VALUES (:message_id, :user_id, :emoji)
ON CONFLICT DO NOTHING
RETURNING created_at
