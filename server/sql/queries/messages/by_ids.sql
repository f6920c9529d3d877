-- Messages by id (a bigint array literal), in no particular order.
SELECT mr.* FROM message_rows mr WHERE mr.id = ANY (CAST(:ids AS bigint[]))
