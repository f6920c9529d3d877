-- Newest first; every filter is optional (NULL), :before is the keyset cursor (an entry id).
SELECT a.id, a.at, a.actor_id, coalesce(u.username, 'system'), a.action, a.target_type, a.target_id, a.reason,
       a.details::text
FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
WHERE (CAST(:actor_id AS bigint) IS NULL OR a.actor_id = CAST(:actor_id AS bigint))
  AND (CAST(:target_id AS text) IS NULL OR a.target_id = CAST(:target_id AS text))
  AND (CAST(:action AS text) IS NULL OR a.action = CAST(:action AS text))
  AND (CAST(:from_at AS timestamptz) IS NULL OR a.at >= CAST(:from_at AS timestamptz))
  AND (CAST(:to_at AS timestamptz) IS NULL OR a.at < CAST(:to_at AS timestamptz))
  AND (CAST(:before AS bigint) IS NULL OR a.id < CAST(:before AS bigint))
ORDER BY a.id DESC
LIMIT :limit
