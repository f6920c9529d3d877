UPDATE media_uploads SET media_id = :media_id, updated_at = now() WHERE id = :id
