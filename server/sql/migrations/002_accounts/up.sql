-- Accounts: users, their login sessions (one per device; a session is a refresh-token family), blocks, reports.
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username text NOT NULL CHECK (username ~ '^[A-Za-z0-9_.-]{3,32}$'),
    display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 64),
    bio text NOT NULL DEFAULT '' CHECK (char_length(bio) <= 500),
    password_hash text NOT NULL,
    role smallint NOT NULL DEFAULT 0 CHECK (role IN (0, 1, 2)),            -- user, moderator, admin
    state smallint NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),          -- active, suspended, banned
    suspended_until timestamptz,
    availability text NOT NULL DEFAULT 'online' CHECK (availability IN ('online', 'away', 'dnd', 'invisible')),
    status_text text NOT NULL DEFAULT '' CHECK (char_length(status_text) <= 140),
    last_seen timestamptz,
    failed_logins integer NOT NULL DEFAULT 0,
    locked_until timestamptz,
    totp_secret bytea,           -- AES-256-GCM sealed, see totp_key_id
    totp_nonce bytea,
    totp_key_id text,
    totp_enabled boolean NOT NULL DEFAULT false,
    totp_last_step bigint NOT NULL DEFAULT 0,
    totp_failures integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
CREATE INDEX users_display_name_lower ON users (lower(display_name) text_pattern_ops);
CREATE INDEX users_username_prefix ON users (lower(username) text_pattern_ops);

CREATE TABLE recovery_codes (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sessions (
    id uuid PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    refresh_hash bytea NOT NULL,
    user_agent text NOT NULL DEFAULT '',
    client_address text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    revoked_reason text
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE blocks (
    blocker_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);

CREATE TABLE reports (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reporter_id bigint NOT NULL REFERENCES users (id),
    reported_user_id bigint NOT NULL REFERENCES users (id),
    message_id bigint,
    reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
    state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'assigned', 'resolved', 'dismissed')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_state ON reports (state, created_at);
