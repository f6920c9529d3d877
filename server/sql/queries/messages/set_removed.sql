-- Hide (1) or delete (2 moderator, 3 author, 4 conversation owner/admin; content erased, pin dropped). A
-- deletion also erases the message's earlier versions and the content its edit events carried (below).
UPDATE messages
SET removed = :mode,
    ciphertext = CASE WHEN :erase THEN ''::bytea ELSE ciphertext END,
    pinned_at = CASE WHEN :erase THEN NULL ELSE pinned_at END,
    pinned_by = CASE WHEN :erase THEN NULL ELSE pinned_by END
WHERE id = :id
