-- End-to-end encrypted conversations (issue #15): the server is a key directory and a blind relay.
--
-- A device is a login session. Its public keys (Signal protocol: identity key, signed pre-key, optionally a
-- signed Kyber pre-key for PQXDH, one-time pre-keys) live here while the session is current; the sessions/revoke*
-- statements delete them when it ends (logout, session delete, ban), and the foreign key when the session row
-- goes. Nothing here decrypts anything: these are public keys and signatures the server does not verify.
-- device_id is per user, 1-127 (what libsignal's ProtocolAddress takes); a freed number can be taken again by a
-- new device, which then has a new identity key.
CREATE TABLE e2ee_devices (
    session_id uuid PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id integer NOT NULL CHECK (device_id BETWEEN 1 AND 127),
    registration_id integer NOT NULL CHECK (registration_id BETWEEN 1 AND 16380),
    identity_key bytea NOT NULL,
    signed_prekey_id integer NOT NULL,
    signed_prekey bytea NOT NULL,
    signed_prekey_signature bytea NOT NULL,
    kyber_prekey_id integer,
    kyber_prekey bytea,
    kyber_prekey_signature bytea,
    low_notified boolean NOT NULL DEFAULT false, -- e2ee:prekeys-low sent since the last upload
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, device_id)
);

-- One-time pre-keys: each handed out once (a DELETE ... RETURNING under SKIP LOCKED, e2ee/take_prekey.sql).
CREATE TABLE e2ee_one_time_prekeys (
    session_id uuid NOT NULL REFERENCES e2ee_devices (session_id) ON DELETE CASCADE,
    key_id integer NOT NULL,
    public_key bytea NOT NULL,
    PRIMARY KEY (session_id, key_id)
);

-- E2EE conversations: their messages have no content (messages.ciphertext stays the sealing of an empty text).
ALTER TABLE conversations ADD COLUMN e2ee boolean NOT NULL DEFAULT false;

-- The encrypted part of a message or of an edit, per log position: the sending device, and one Signal
-- ciphertext per recipient device (e2ee_ciphertexts). A device's ciphertexts go with the device (nobody else can
-- read them); a message's with its deletion.
CREATE TABLE e2ee_envelopes (
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq bigint NOT NULL,
    message_id bigint NOT NULL,
    sender_device integer NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
CREATE INDEX e2ee_envelopes_message ON e2ee_envelopes (message_id);

CREATE TABLE e2ee_ciphertexts (
    conversation_id bigint NOT NULL,
    seq bigint NOT NULL,
    session_id uuid NOT NULL REFERENCES e2ee_devices (session_id) ON DELETE CASCADE,
    type smallint NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (conversation_id, seq, session_id),
    FOREIGN KEY (conversation_id, seq) REFERENCES e2ee_envelopes (conversation_id, seq) ON DELETE CASCADE
);
CREATE INDEX e2ee_ciphertexts_session ON e2ee_ciphertexts (session_id);
