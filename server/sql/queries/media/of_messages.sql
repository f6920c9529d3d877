-- The attachments of messages (:ids a bigint array literal), in their order.
SELECT message_id, id, size, content_type, coalesce(width, 0), coalesce(height, 0), key_id, nonce, sealed, blob
FROM media
WHERE message_id = ANY (CAST(:ids AS bigint[])) AND deleted_at IS NULL
ORDER BY message_id, position
