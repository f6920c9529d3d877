-- An upload of :uploader_id (anyone else's is no row, like one that does not exist).
SELECT id, length, received, stored, key_id, nonce, sealed, coalesce(media_id, 0), created_at
FROM media_uploads WHERE id = :id AND uploader_id = :uploader_id
