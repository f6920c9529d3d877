-- Media (issue #11): uploads, their attachment to messages, resumable (tus) uploads in progress.
--
-- The bytes are files in the data directory (FileBlobStore: encrypted, named by a keyed hash of their content,
-- so the same bytes are stored once); a row says who uploaded them and where they are attached. The file name
-- and SHA-256 the client sees are sealed like message content (bound to the row's blob), so a copy of the
-- database says neither what a file was called nor which known file it is.
CREATE TABLE media (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uploader_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blob text NOT NULL CHECK (blob ~ '^[0-9a-f]{64}$'),
    thumbnail_blob text CHECK (thumbnail_blob ~ '^[0-9a-f]{64}$'),
    size bigint NOT NULL CHECK (size >= 0),
    content_type text NOT NULL CHECK (char_length(content_type) BETWEEN 1 AND 255),
    width int CHECK (width > 0),
    height int CHECK (height > 0),
    key_id text NOT NULL,
    nonce bytea NOT NULL CHECK (octet_length(nonce) = 12),
    sealed bytea NOT NULL,
    message_id bigint REFERENCES messages (id),
    position smallint CHECK (position >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- Deleted (by its uploader, a moderator, or with its message): unreadable at once, its file removed by the
    -- janitor when no other row holds the same blob.
    deleted_at timestamptz
);
CREATE INDEX media_uploader ON media (uploader_id) WHERE deleted_at IS NULL;
CREATE INDEX media_message ON media (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX media_blob ON media (blob);
CREATE INDEX media_thumbnail_blob ON media (thumbnail_blob) WHERE thumbnail_blob IS NOT NULL;
CREATE INDEX media_unattached ON media (created_at) WHERE message_id IS NULL AND deleted_at IS NULL;
CREATE INDEX media_deleted ON media (deleted_at) WHERE deleted_at IS NOT NULL;

-- tus uploads in progress. received: bytes of the file so far; stored: bytes of its parts file (sealed parts).
-- The client's file name and type are sealed like the media row's.
CREATE TABLE media_uploads (
    id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
    uploader_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    length bigint NOT NULL CHECK (length >= 0),
    received bigint NOT NULL DEFAULT 0 CHECK (received >= 0 AND received <= length),
    stored bigint NOT NULL DEFAULT 0 CHECK (stored >= 0),
    key_id text NOT NULL,
    nonce bytea NOT NULL CHECK (octet_length(nonce) = 12),
    sealed bytea NOT NULL,
    media_id bigint REFERENCES media (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX media_uploads_uploader ON media_uploads (uploader_id);
CREATE INDEX media_uploads_updated ON media_uploads (updated_at);
