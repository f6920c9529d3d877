INSERT INTO blocks (blocker_id, blocked_id) VALUES (:blocker_id, :blocked_id) ON CONFLICT DO NOTHING
