-- Stores a user's settings whole (the service merged the request into what was stored).
INSERT INTO notification_settings (user_id, push, previews, quiet_from, quiet_to, quiet_tz, updated_at)
VALUES (:user_id, :push, :previews, CAST(NULLIF(:quiet_from, '') AS time), CAST(NULLIF(:quiet_to, '') AS time),
        NULLIF(:quiet_tz, ''), now())
ON CONFLICT (user_id) DO UPDATE
    SET push = EXCLUDED.push, previews = EXCLUDED.previews, quiet_from = EXCLUDED.quiet_from,
        quiet_to = EXCLUDED.quiet_to, quiet_tz = EXCLUDED.quiet_tz, updated_at = now()
