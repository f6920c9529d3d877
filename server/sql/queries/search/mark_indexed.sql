DELETE FROM search_queue WHERE message_id = ANY (CAST(:ids AS bigint[]))
