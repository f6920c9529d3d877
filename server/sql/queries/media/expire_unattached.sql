-- Uploads nobody attached within :seconds (and that are no group's avatar) are deleted.
UPDATE media m SET deleted_at = now()
WHERE m.message_id IS NULL AND m.deleted_at IS NULL AND m.created_at < now() - make_interval(secs => :seconds)
  AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.avatar_media_id = m.id)
RETURNING id
