-- The uploads a batch of sends wants to attach (:ids a bigint array literal), locked until the commit.
SELECT id, uploader_id, coalesce(message_id, 0), deleted_at IS NOT NULL, size, content_type, coalesce(width, 0),
       coalesce(height, 0), key_id, nonce, sealed, blob
FROM media WHERE id = ANY (CAST(:ids AS bigint[]))
ORDER BY id
FOR UPDATE
