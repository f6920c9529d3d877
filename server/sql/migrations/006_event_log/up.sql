-- The event log (issue #10): every change to a conversation is an event with the next seq of that
-- conversation, written in the change's transaction by the batched writer. The messages table stays the
-- current state (history pages read it); conversation_events is what sync replays. A message's seq is the seq
-- of its creation event, so message seqs may have gaps that other events fill; event seqs have none.
CREATE TABLE conversation_events (
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq bigint NOT NULL CHECK (seq > 0),
    type text NOT NULL CHECK (type IN ('message', 'message.edited', 'message.deleted', 'message.hidden',
                                       'reaction.added', 'reaction.removed', 'message.pinned', 'message.unpinned',
                                       'member.added', 'member.removed', 'member.role', 'conversation.updated')),
    actor_id bigint REFERENCES users (id),
    message_id bigint REFERENCES messages (id),
    -- Plain fields of the event that are not message text (emoji, user ids, roles, "by").
    data jsonb NOT NULL DEFAULT '{}',
    -- message.edited: the new content, sealed like message content (bound to conversation id and this seq);
    -- erased (all three NULL) when the message is deleted.
    key_id text,
    nonce bytea CHECK (nonce IS NULL OR octet_length(nonce) = 12),
    ciphertext bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, seq)
);
CREATE INDEX conversation_events_message ON conversation_events (message_id) WHERE message_id IS NOT NULL;

-- Every message stored so far was created by a send: its creation event has its seq.
INSERT INTO conversation_events (conversation_id, seq, type, actor_id, message_id, created_at)
SELECT conversation_id, seq, 'message', sender_id, id, created_at FROM messages;

-- removed: 0 visible, 1 hidden by a moderator (sealed content kept for the audit), 2 deleted by a moderator,
-- 3 deleted by its author, 4 deleted by a conversation owner/admin (2-4: content erased, a tombstone).
ALTER TABLE messages DROP CONSTRAINT messages_removed_check;
ALTER TABLE messages ADD CONSTRAINT messages_removed_check CHECK (removed IN (0, 1, 2, 3, 4));
ALTER TABLE messages
    ADD COLUMN edited_at timestamptz,
    ADD COLUMN reply_to_id bigint REFERENCES messages (id),
    ADD COLUMN pinned_at timestamptz,
    ADD COLUMN pinned_by bigint REFERENCES users (id);
CREATE INDEX messages_pinned ON messages (conversation_id, pinned_at) WHERE pinned_at IS NOT NULL;

-- Earlier versions of edited messages (sealed as the message was, bound to its conversation and seq), for
-- moderators; erased when the message is deleted.
CREATE TABLE message_versions (
    message_id bigint NOT NULL REFERENCES messages (id),
    version int NOT NULL CHECK (version > 0),
    key_id text NOT NULL,
    nonce bytea NOT NULL CHECK (octet_length(nonce) = 12),
    ciphertext bytea NOT NULL,
    replaced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, version)
);

CREATE TABLE message_reactions (
    message_id bigint NOT NULL REFERENCES messages (id),
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    emoji text NOT NULL CHECK (octet_length(emoji) BETWEEN 1 AND 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, user_id, emoji)
);

-- A message as readers get it: its row and, for a reply, what the excerpt is made of. Message queries select
-- mr.* from here, in this column order (MessageRepository::fromRow).
CREATE VIEW message_rows AS
SELECT m.id, m.conversation_id, m.seq, m.sender_id, m.client_message_id, m.key_id, m.nonce, m.ciphertext,
       m.created_at, m.removed, m.edited_at, m.pinned_at, m.reply_to_id,
       r.conversation_id AS reply_conversation_id, r.seq AS reply_seq, r.sender_id AS reply_sender_id,
       r.removed AS reply_removed, r.key_id AS reply_key_id, r.nonce AS reply_nonce, r.ciphertext AS reply_ciphertext
FROM messages m
LEFT JOIN messages r ON r.id = m.reply_to_id;
