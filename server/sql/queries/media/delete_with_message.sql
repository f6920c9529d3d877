-- A deleted message takes its attachments with it.
UPDATE media SET deleted_at = now() WHERE message_id = :message_id AND deleted_at IS NULL
