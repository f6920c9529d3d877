-- Groups (issue #11): what a group has beyond a title, each member's history window, and invite links.
--
-- conversations: a description, an avatar (a media id; media lands with the rest of #11) and whether members who
-- join later see what was said before they came (historyVisibleToNewMembers, off by default).
ALTER TABLE conversations
    ADD COLUMN description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 1000),
    ADD COLUMN avatar_media_id bigint,
    ADD COLUMN history_visible boolean NOT NULL DEFAULT false;

-- A member sees the events of the conversation from visible_from_seq on (0: from the start). A member added to
-- a group whose history is hidden gets the seq of their member.added event; a former member has no row and sees
-- nothing any more.
ALTER TABLE conversation_members ADD COLUMN visible_from_seq bigint NOT NULL DEFAULT 0 CHECK (visible_from_seq >= 0);

-- Invite links. Only SHA-256 of the token is stored: a copy of the database cannot be used to join. A link is
-- for one group; it stops working when it expires, when it was used max_uses times, or when it is deleted.
CREATE TABLE group_invites (
    token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    created_by bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    max_uses int CHECK (max_uses IS NULL OR max_uses > 0),
    uses int NOT NULL DEFAULT 0 CHECK (uses >= 0)
);
CREATE INDEX group_invites_conversation ON group_invites (conversation_id);
