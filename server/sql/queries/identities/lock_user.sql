-- Unlinking checks "is another way to sign in left?" under this lock, so two unlinks at once cannot both pass.
SELECT password_hash <> '' AS has_password,
       (SELECT count(*) FROM user_identities WHERE user_id = users.id) AS identities
FROM users WHERE id = :user_id FOR UPDATE
