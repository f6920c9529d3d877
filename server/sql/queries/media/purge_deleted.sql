-- Removes up to :limit deleted rows; returns the blobs they held (the caller removes unused files).
DELETE FROM media WHERE id IN (SELECT id FROM media WHERE deleted_at IS NOT NULL ORDER BY deleted_at LIMIT :limit)
RETURNING blob, coalesce(thumbnail_blob, '')
