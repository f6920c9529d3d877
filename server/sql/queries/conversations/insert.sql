INSERT INTO conversations (type, title, description, created_by, direct_key, e2ee)
VALUES (:type, :title, coalesce(:description, ''), :created_by, :direct_key, :e2ee)
RETURNING id
