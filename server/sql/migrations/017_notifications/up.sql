-- In-app notifications (issue #12), made by the notification fan-out job (kind notify.fanout, enqueued by the
-- message writer in the transaction of the messages and events that cause them) and by report resolution.
-- Two kinds coalesce while unread, so that a busy conversation does not flood the list: `message` (one per
-- user and conversation: count is how many messages it stands for, message_id the latest) and `reaction` (one
-- per user and message). Coalescing gives the row a new id (from the sequence), so that the list's order by id
-- is the order of the latest activity, and a client replaces the unread one of the same kind and conversation
-- (or message). No message text is kept here: the list shows ids, the client fetches what it needs.
CREATE SEQUENCE notifications_id_seq AS bigint;
CREATE TABLE notifications (
    id bigint PRIMARY KEY DEFAULT nextval('notifications_id_seq'),
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('mention', 'reply', 'reaction', 'message', 'group.added', 'report.resolved')),
    conversation_id bigint REFERENCES conversations (id) ON DELETE CASCADE,
    message_id bigint, -- no foreign key: a message deleted later leaves its notifications (they show it deleted)
    actor_id bigint REFERENCES users (id) ON DELETE SET NULL,
    report_id bigint,
    count integer NOT NULL DEFAULT 1 CHECK (count >= 1),
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz
);
ALTER SEQUENCE notifications_id_seq OWNED BY notifications.id;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, id) WHERE read_at IS NULL;
CREATE INDEX notifications_created ON notifications (created_at);
CREATE UNIQUE INDEX notifications_unread_message ON notifications (user_id, conversation_id)
    WHERE kind = 'message' AND read_at IS NULL;
CREATE UNIQUE INDEX notifications_unread_reaction ON notifications (user_id, message_id)
    WHERE kind = 'reaction' AND read_at IS NULL;

-- Push coalescing: at most one push per user and conversation per window (10 s). A row whose window has ended
-- is taken again by the next push; the retention sweep drops old ones.
CREATE TABLE push_windows (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    window_end timestamptz NOT NULL,
    PRIMARY KEY (user_id, conversation_id)
);
CREATE INDEX push_windows_end ON push_windows (window_end);
