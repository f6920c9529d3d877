DELETE FROM media_uploads WHERE id = :id AND uploader_id = :uploader_id RETURNING id
