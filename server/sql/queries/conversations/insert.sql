INSERT INTO conversations (type, title, created_by, direct_key)
VALUES (:type, :title, :created_by, :direct_key)
RETURNING id
