INSERT INTO conversations (type, title, description, created_by, direct_key)
VALUES (:type, :title, coalesce(:description, ''), :created_by, :direct_key)
RETURNING id
