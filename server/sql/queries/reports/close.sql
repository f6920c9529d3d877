-- Resolve or dismiss: final states, reached once.
UPDATE reports SET state = :state, resolution_action = CAST(:action AS text), resolution_reason = :reason,
                   resolved_at = now(), resolved_by = :resolved_by
WHERE id = :id AND state IN ('open', 'assigned')
RETURNING id
