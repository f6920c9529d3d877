-- Every unread notification of the user read, or those with an id up to :up_to; the ids marked.
UPDATE notifications SET read_at = now()
WHERE user_id = :user_id AND read_at IS NULL AND id <= COALESCE(CAST(:up_to AS bigint), 9223372036854775807)
RETURNING id
