SELECT count(*) FROM e2ee_devices WHERE user_id = :user_id
