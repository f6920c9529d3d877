-- Serialises the quota checks of one uploader until the commit (two parallel uploads cannot both fit in the
-- room that only one of them has).
SELECT pg_advisory_xact_lock(hashtextextended('media-quota:' || CAST(:uploader_id AS text), 0))
