-- The upload became a media object: all its bytes are counted (received = length) only now, in the
-- transaction that stores the media, so a final part that failed to store can be sent again.
UPDATE media_uploads SET media_id = :media_id, received = length, stored = :stored, updated_at = now() WHERE id = :id
