-- :rows is a JSON array of {message_id, conversation_id, tokens: ["<bigint>", ...]} (strings: a JSON number
-- would not hold 64 bits), each message's tokens distinct. The message's token list, and one posting per token.
-- The postings go in without ON CONFLICT (speculative insertion costs more per row) and in token order, so each
-- index page takes its new entries at one visit: this statement is most of the indexer's database time, and the
-- indexer's backend shares the cores with the writers' (BENCHMARKS.md, scenario b's tail). A message's old
-- postings were deleted first (search/delete_tokens), and a message is indexed by one indexer at a time (the
-- queue row's lock), so no posting exists already.
WITH rows AS (
    SELECT r.message_id, r.conversation_id, ARRAY(SELECT CAST(x AS bigint) FROM jsonb_array_elements_text(r.tokens) AS x) AS tokens
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(message_id bigint, conversation_id bigint, tokens jsonb)),
listed AS (
    INSERT INTO message_search (message_id, conversation_id, tokens)
    SELECT message_id, conversation_id, tokens FROM rows
    ON CONFLICT (message_id) DO UPDATE SET tokens = EXCLUDED.tokens)
INSERT INTO search_postings (token, message_id)
SELECT t.token, rows.message_id FROM rows, unnest(rows.tokens) AS t(token)
ORDER BY 1, 2
