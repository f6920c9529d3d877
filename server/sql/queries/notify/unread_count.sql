SELECT count(*) FROM notifications WHERE user_id = :user_id AND read_at IS NULL
