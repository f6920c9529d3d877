-- Search (issue #10): message content stays sealed, and searchable through keyed hashes of its words'
-- prefixes (service/SearchTokens.h), one row per message with its tokens in an array under a GIN index.
-- Written by the search indexer in the background from search_queue, which the writer fills in the same
-- statement as the messages (and again on an edit); hiding or deleting a message removes its row at once.
-- No indexing work touches the messages table, so sends do not pay for it.
CREATE TABLE message_search (
    message_id bigint PRIMARY KEY REFERENCES messages (id),
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    tokens bytea[] NOT NULL
);
CREATE INDEX message_search_tokens ON message_search USING gin (tokens);

CREATE TABLE search_queue (
    message_id bigint PRIMARY KEY REFERENCES messages (id)
);
INSERT INTO search_queue (message_id) SELECT id FROM messages WHERE removed = 0;
