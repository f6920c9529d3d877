-- What push delivery shows: conversations' type and title (:conversations) and users' display names (:users),
-- both JSON arrays of ids; rows (kind 'c' or 'u', id, type, text).
SELECT 'c', c.id, c.type, COALESCE(c.title, '') FROM conversations c
WHERE c.id = ANY (ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(:conversations AS jsonb)) AS bigint)))
UNION ALL
SELECT 'u', u.id, '', u.display_name FROM users u
WHERE u.id = ANY (ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(:users AS jsonb)) AS bigint)))
