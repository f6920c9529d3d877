SELECT uploader_id FROM media WHERE id = :id AND deleted_at IS NULL
