UPDATE users SET state = :state, suspended_until = :suspended_until WHERE id = :id
