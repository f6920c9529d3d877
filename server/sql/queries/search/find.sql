-- Visible messages holding every wanted token of their conversation, below the cursor id, newest first.
-- :wanted is a JSON array of {conversation_id, tokens: ["<bigint>", ...]}: the query's terms hashed for each
-- conversation searched, the longest term first. In a conversation, the first token's postings are read newest
-- first (the primary key) and each candidate needs a posting for every other token (one index probe each).
--
-- Two rounds, so a common word over 100 conversations reads a few hundred postings, not 100 x :limit: first
-- :probe per conversation; the :limit-th newest of those is a threshold, and only a conversation whose :probe
-- hits all lie above it can hold more of the page, so only those are read again, up to :limit.
WITH wanted AS MATERIALIZED (
    SELECT w.conversation_id,
           CAST(w.tokens ->> 0 AS bigint) AS first,
           ARRAY(SELECT CAST(x AS bigint) FROM jsonb_array_elements_text(w.tokens) WITH ORDINALITY AS e(x, n) WHERE n > 1) AS rest
    FROM jsonb_to_recordset(CAST(:wanted AS jsonb)) AS w(conversation_id bigint, tokens jsonb)),
few AS MATERIALIZED (
    SELECT w.conversation_id, hit.message_id
    FROM wanted w
    CROSS JOIN LATERAL (SELECT p.message_id
                        FROM search_postings p
                        WHERE p.token = w.first AND p.message_id < :before
                          AND NOT EXISTS (SELECT 1 FROM unnest(w.rest) AS r(token)
                                          WHERE NOT EXISTS (SELECT 1 FROM search_postings q
                                                            WHERE q.token = r.token AND q.message_id = p.message_id))
                        ORDER BY p.message_id DESC
                        LIMIT :probe) hit),
threshold AS (
    SELECT COALESCE((SELECT message_id FROM few ORDER BY message_id DESC OFFSET :limit - 1 LIMIT 1), 0) AS id),
again AS (
    SELECT w.*, f.lowest
    FROM wanted w
    JOIN (SELECT conversation_id, min(message_id) AS lowest FROM few GROUP BY conversation_id HAVING count(*) = :probe) f
      ON f.conversation_id = w.conversation_id
    WHERE f.lowest > (SELECT id FROM threshold)),
more AS (
    SELECT hit.message_id
    FROM again w
    CROSS JOIN LATERAL (SELECT p.message_id
                        FROM search_postings p
                        WHERE p.token = w.first AND p.message_id < w.lowest
                          AND NOT EXISTS (SELECT 1 FROM unnest(w.rest) AS r(token)
                                          WHERE NOT EXISTS (SELECT 1 FROM search_postings q
                                                            WHERE q.token = r.token AND q.message_id = p.message_id))
                        ORDER BY p.message_id DESC
                        LIMIT :limit) hit)
SELECT mr.*
FROM (SELECT message_id FROM few UNION ALL SELECT message_id FROM more
      ORDER BY message_id DESC
      LIMIT :limit) hit
JOIN message_rows mr ON mr.id = hit.message_id
WHERE mr.removed = 0 AND mr.conversation_id IN (SELECT conversation_id FROM wanted)
ORDER BY mr.id DESC
