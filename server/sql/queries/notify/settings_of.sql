-- A user's notification settings; no row: the defaults.
SELECT push, previews, to_char(quiet_from, 'HH24:MI'), to_char(quiet_to, 'HH24:MI'), quiet_tz
FROM notification_settings WHERE user_id = :user_id
