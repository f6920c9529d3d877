-- Uploads nobody added to for :seconds (or finished that long ago): removed with their parts.
DELETE FROM media_uploads WHERE id IN (
    SELECT id FROM media_uploads WHERE updated_at < now() - make_interval(secs => :seconds) LIMIT :limit)
RETURNING id
