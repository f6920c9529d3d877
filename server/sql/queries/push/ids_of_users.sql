-- The push subscriptions of some users (:users, a JSON array of ids): (id, user_id), for the fan-out's push jobs.
SELECT id, user_id FROM push_subscriptions
WHERE user_id = ANY (ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(:users AS jsonb)) AS bigint)))
ORDER BY id
