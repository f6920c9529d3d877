-- Takes the messages out of the index: their token lists and every posting those name.
WITH gone AS (
    DELETE FROM message_search WHERE message_id = ANY (CAST(:ids AS bigint[])) RETURNING message_id, tokens)
DELETE FROM search_postings p
USING gone, unnest(gone.tokens) AS t(token)
WHERE p.token = t.token AND p.message_id = gone.message_id
