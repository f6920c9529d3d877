-- A media row if :user_id may read it: its uploader, a member of a conversation where a visible message inside
-- their history window carries it, or a member of a group whose avatar it is. No row for anyone else.
SELECT m.id, m.uploader_id, m.blob, coalesce(m.thumbnail_blob, ''), m.size, m.content_type, coalesce(m.width, 0),
       coalesce(m.height, 0), m.key_id, m.nonce, m.sealed, m.created_at, coalesce(m.message_id, 0)
FROM media m
WHERE m.id = :id AND m.deleted_at IS NULL
  AND (m.uploader_id = :user_id
       OR EXISTS (SELECT 1 FROM messages x
                  JOIN conversation_members cm ON cm.conversation_id = x.conversation_id AND cm.user_id = :user_id
                  WHERE x.id = m.message_id AND x.seq >= cm.visible_from_seq AND x.removed = 0)
       OR EXISTS (SELECT 1 FROM conversations c
                  JOIN conversation_members cm ON cm.conversation_id = c.id AND cm.user_id = :user_id
                  WHERE c.avatar_media_id = m.id))
