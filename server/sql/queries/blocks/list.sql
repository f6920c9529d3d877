SELECT u.id, u.username, u.display_name, u.bio, u.role, u.state, u.suspended_until, u.availability, u.status_text,
       u.totp_enabled
FROM blocks b JOIN users u ON u.id = b.blocked_id
WHERE b.blocker_id = :blocker_id ORDER BY b.created_at
