SELECT EXISTS (SELECT 1 FROM media WHERE blob = :blob OR thumbnail_blob = :blob)
