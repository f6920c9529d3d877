DELETE FROM message_search WHERE message_id = ANY (CAST(:ids AS bigint[]))
