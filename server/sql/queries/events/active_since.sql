-- The conversations of some users (:users, a bigint array literal) whose log grew since :since, each with the
-- position before its first entry written since then (ClusterCatchUp: what a node may have missed while its bus
-- subscription was down). Each conversation's newest entries are read backwards by (conversation_id, seq), at
-- most 10000 of each table: a longer outage than that is left to the clients' own `sync`.
SELECT c.id,
       least(coalesce((SELECT min(x.seq) FROM (SELECT m.seq, m.created_at FROM messages m
                                              WHERE m.conversation_id = c.id ORDER BY m.seq DESC LIMIT 10000) x
                       WHERE x.created_at >= :since), c.last_seq + 1),
             coalesce((SELECT min(y.seq) FROM (SELECT e.seq, e.created_at FROM conversation_events e
                                              WHERE e.conversation_id = c.id ORDER BY e.seq DESC LIMIT 10000) y
                       WHERE y.created_at >= :since), c.last_seq + 1)) - 1 AS after
FROM conversations c
WHERE c.updated_at >= :since
  AND c.id IN (SELECT conversation_id FROM conversation_members WHERE user_id = ANY (CAST(:users AS bigint[])))
