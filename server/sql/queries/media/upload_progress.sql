-- Counts a part, if the upload is still where the request found it (no row otherwise: a concurrent request won).
UPDATE media_uploads SET received = :received, stored = :stored, updated_at = now()
WHERE id = :id AND received = :expected
RETURNING received
