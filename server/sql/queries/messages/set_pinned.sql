UPDATE messages
SET pinned_at = CASE WHEN :pinned THEN now() ELSE NULL END,
    pinned_by = CASE WHEN :pinned THEN CAST(:by AS bigint) ELSE NULL END
WHERE id = :id
