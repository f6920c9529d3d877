-- A new resumable upload, unless its length would take the uploader past :quota bytes (then no row).
INSERT INTO media_uploads (id, uploader_id, length, key_id, nonce, sealed)
SELECT :id, :uploader_id, :length, :key_id, :nonce, :sealed
WHERE (SELECT coalesce(sum(size), 0) FROM media WHERE uploader_id = :uploader_id AND deleted_at IS NULL)
    + (SELECT coalesce(sum(length), 0) FROM media_uploads WHERE uploader_id = :uploader_id AND received < length)
    + CAST(:length AS bigint) <= CAST(:quota AS bigint)
  AND (SELECT count(*) FROM media_uploads WHERE uploader_id = :uploader_id AND received < length) < :max_open
RETURNING created_at
