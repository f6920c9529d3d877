-- A new media row, unless it would take the uploader past :quota bytes (then no row). Uploads in progress
-- (tus) count with their full length.
INSERT INTO media (uploader_id, blob, thumbnail_blob, size, content_type, width, height, key_id, nonce, sealed)
SELECT :uploader_id, :blob, NULLIF(:thumbnail_blob, ''), :size, :content_type, NULLIF(CAST(:width AS int), 0),
       NULLIF(CAST(:height AS int), 0), :key_id, :nonce, :sealed
WHERE (SELECT coalesce(sum(size), 0) FROM media WHERE uploader_id = :uploader_id AND deleted_at IS NULL)
    + (SELECT coalesce(sum(length), 0) FROM media_uploads
       WHERE uploader_id = :uploader_id AND received < length AND id <> :upload_id)
    + CAST(:size AS bigint) <= CAST(:quota AS bigint)
RETURNING id, created_at
