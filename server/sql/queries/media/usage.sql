-- Bytes the user holds: their media, and uploads in progress at their full length.
SELECT (SELECT coalesce(sum(size), 0) FROM media WHERE uploader_id = :user_id AND deleted_at IS NULL)
     + (SELECT coalesce(sum(length), 0) FROM media_uploads WHERE uploader_id = :user_id AND received < length)
