-- Who blocks any of :actors (a JSON array of user ids): (blocker, blocked) pairs. A blocked user's actions never
-- notify the blocker.
SELECT b.blocker_id, b.blocked_id FROM blocks b
WHERE b.blocked_id = ANY (ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(:actors AS jsonb)) AS bigint)))
