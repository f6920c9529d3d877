-- One notification of the user read (again: a no-op); no row when it is not the user's.
UPDATE notifications SET read_at = COALESCE(read_at, now())
WHERE id = :id AND user_id = :user_id
RETURNING id
