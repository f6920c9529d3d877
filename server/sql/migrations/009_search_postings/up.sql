-- Search as an inverted index with ordered postings (issue #10's speed target: a user in 100 conversations over
-- 1,000,000 messages). 008's GIN index over each message's token array answered "which messages hold this
-- token" only as an unordered set, so a search read every matching row before it could keep the newest 20:
-- hundreds of milliseconds for a word in a few thousand messages. A B-tree over (token, message_id) hands out
-- each token's messages newest first, so a page costs the same for a rare word and for a common one.
--
-- search_postings: one row per token and message (the token is the first 8 bytes of the keyed hash, which is
--   already specific to the conversation: service/SearchTokens.h). Read by index-only scans; vacuumed every
--   20,000 new rows so the visibility map stays current and those scans do not visit the table.
-- message_search: each indexed message's tokens, so an edit, a hide or a delete removes exactly its postings.
--
-- Every message is indexed again by the indexer (the old 16-byte tokens are dropped with the table).
DROP TABLE message_search;
CREATE TABLE message_search (
    message_id bigint PRIMARY KEY REFERENCES messages (id),
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    tokens bigint[] NOT NULL
);
CREATE TABLE search_postings (
    token bigint NOT NULL,
    message_id bigint NOT NULL,
    PRIMARY KEY (token, message_id)
) WITH (autovacuum_vacuum_insert_threshold = 20000, autovacuum_vacuum_insert_scale_factor = 0);
INSERT INTO search_queue (message_id) SELECT id FROM messages WHERE removed = 0 ON CONFLICT DO NOTHING;
