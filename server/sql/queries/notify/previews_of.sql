-- Of :users (a JSON array of ids), those who want message text in their pushes.
SELECT s.user_id FROM notification_settings s
WHERE s.previews AND s.user_id = ANY (ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(:users AS jsonb)) AS bigint)))
