-- The send path without the two per-message costs 006 and 008 added (issue #10: scenario a within 5 % of the
-- throughput before the event log). Measured with pg_stat_statements on the bench (build/bench-results): each
-- foreign-key check is a trigger query per row, and the writer's INSERTs were mostly those checks.
--
-- 1. A message's creation event is its `messages` row: (conversation_id, seq) is unique there too, the sender is
--    the actor and created_at the time. events/since reads both in one seq order, so `sync` replays the same
--    gapless log; conversation_events keeps every other kind of event. Before: one more row, two more indexes
--    and three more foreign-key checks per message, for fields the message row already holds.
-- 2. search_queue loses its foreign key: the writer fills it in the statement that inserts the messages (they
--    exist), and search/claim reads a vanished message as removed (the indexer then only drops its tokens).
DELETE FROM conversation_events WHERE type = 'message';
ALTER TABLE conversation_events DROP CONSTRAINT conversation_events_type_check;
ALTER TABLE conversation_events ADD CONSTRAINT conversation_events_type_check
    CHECK (type IN ('message.edited', 'message.deleted', 'message.hidden', 'reaction.added', 'reaction.removed',
                    'message.pinned', 'message.unpinned', 'member.added', 'member.removed', 'member.role',
                    'conversation.updated'));
ALTER TABLE search_queue DROP CONSTRAINT search_queue_message_id_fkey;
