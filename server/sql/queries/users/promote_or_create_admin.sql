-- banterd --create-admin: a new admin, or an existing user made admin (password left as it is).
INSERT INTO users (username, display_name, password_hash, role)
VALUES (:username, :username, :password_hash, 2)
ON CONFLICT ((lower(username))) DO UPDATE SET role = 2
RETURNING id, (xmax = 0) AS created
