-- A group's fields; each :set_x says whether x changes.
UPDATE conversations
SET title = CASE WHEN :set_title THEN :title ELSE title END,
    description = CASE WHEN :set_description THEN coalesce(:description, '') ELSE description END,
    avatar_media_id = CASE WHEN :set_avatar THEN NULLIF(CAST(:avatar AS bigint), 0) ELSE avatar_media_id END,
    history_visible = CASE WHEN :set_history THEN :history ELSE history_visible END,
    updated_at = now()
WHERE id = :id AND type = 'group'
RETURNING title, description, coalesce(avatar_media_id, 0), history_visible
