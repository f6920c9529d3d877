-- Notification settings (issue #12): what a user wants to hear about, read by the notification fan-out.
-- A user without a row has the defaults (push on, no message text in pushes, no quiet hours). Quiet hours are
-- local times in an IANA zone (the zone's rules, DST included, apply when a push is due).
CREATE TABLE notification_settings (
    user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    push boolean NOT NULL DEFAULT true,
    previews boolean NOT NULL DEFAULT false,
    quiet_from time,
    quiet_to time,
    quiet_tz text CHECK (char_length(quiet_tz) BETWEEN 1 AND 64),
    CHECK ((quiet_from IS NULL) = (quiet_to IS NULL) AND (quiet_from IS NULL) = (quiet_tz IS NULL)),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Per conversation: the level (all messages, mentions only, nothing) and a mute, for ever ('infinity') or until a
-- time. Tied to the membership: leaving a conversation drops its settings. A row at the defaults is deleted.
CREATE TABLE conversation_notification_settings (
    conversation_id bigint NOT NULL,
    user_id bigint NOT NULL,
    level text NOT NULL DEFAULT 'all' CHECK (level IN ('all', 'mentions', 'none')),
    muted_until timestamptz,
    PRIMARY KEY (user_id, conversation_id),
    FOREIGN KEY (conversation_id, user_id) REFERENCES conversation_members (conversation_id, user_id) ON DELETE CASCADE
);
CREATE INDEX conversation_notification_settings_conversation ON conversation_notification_settings (conversation_id);
