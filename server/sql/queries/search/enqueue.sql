-- Queues an edited message for the indexer. A row already waiting is locked (the no-op update), not skipped:
-- while this transaction runs the indexer passes it by (SKIP LOCKED), so it cannot take it and store the text from
-- before the edit; and when the indexer already holds it, this waits until it has stored those tokens, then
-- queues the message again.
INSERT INTO search_queue (message_id) VALUES (:id)
ON CONFLICT (message_id) DO UPDATE SET message_id = EXCLUDED.message_id
