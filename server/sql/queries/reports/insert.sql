INSERT INTO reports (reporter_id, reported_user_id, message_id, reason)
VALUES (:reporter_id, :reported_user_id, :message_id, :reason)
RETURNING id, state, created_at
