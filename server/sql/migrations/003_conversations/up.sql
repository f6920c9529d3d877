-- Conversations, their members and messages. Message content is stored sealed (AES-256-GCM, key id and
-- nonce per row, bound to conversation id and seq); seq is handed out per conversation from last_seq by the
-- batched writer, so it is gapless and one order for every member.
CREATE TABLE conversations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type text NOT NULL CHECK (type IN ('direct', 'group')),
    title text CHECK (char_length(title) <= 200),
    created_by bigint NOT NULL REFERENCES users (id),
    direct_key text UNIQUE,  -- "<smaller id>:<larger id>" for direct conversations: one per pair
    last_seq bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((type = 'direct') = (direct_key IS NOT NULL))
);

CREATE TABLE conversation_members (
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
    last_read_seq bigint NOT NULL DEFAULT 0,
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_user ON conversation_members (user_id);

CREATE TABLE messages (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq bigint NOT NULL CHECK (seq > 0),
    sender_id bigint NOT NULL REFERENCES users (id),
    client_message_id text NOT NULL CHECK (char_length(client_message_id) BETWEEN 1 AND 128),
    key_id text NOT NULL,
    nonce bytea NOT NULL CHECK (octet_length(nonce) = 12),
    ciphertext bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (conversation_id, seq),
    UNIQUE (conversation_id, sender_id, client_message_id)
);
