-- Users who share a conversation with the caller. Conversations arrive with the realtime schema;
-- until then nobody is a contact.
SELECT id, username, display_name, bio, role, state, suspended_until, availability, status_text, totp_enabled
FROM users WHERE false AND id = :user_id
