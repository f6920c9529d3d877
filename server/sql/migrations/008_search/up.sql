-- Search (issue #10): message content stays sealed, and searchable through keyed hashes of its words'
-- prefixes (service/SearchTokens.h). Written by the search indexer in the background: a message that needs
-- (re-)indexing has needs_index set (new and edited messages); deletion and hiding remove its tokens at once.
CREATE TABLE message_search (
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    token bytea NOT NULL CHECK (octet_length(token) = 16),
    message_id bigint NOT NULL REFERENCES messages (id),
    PRIMARY KEY (conversation_id, token, message_id)
);
CREATE INDEX message_search_message ON message_search (message_id);

ALTER TABLE messages ADD COLUMN needs_index boolean NOT NULL DEFAULT true;
UPDATE messages SET needs_index = false WHERE removed <> 0;
CREATE INDEX messages_needs_index ON messages (id) WHERE needs_index;
