DELETE FROM blocks WHERE blocker_id = :blocker_id AND blocked_id = :blocked_id
