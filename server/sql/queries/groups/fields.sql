-- A group's own fields (the writer compares a change against them).
SELECT title, description, coalesce(avatar_media_id, 0), history_visible
FROM conversations WHERE id = :id AND type = 'group'
