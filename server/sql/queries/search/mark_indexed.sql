UPDATE messages SET needs_index = false WHERE id = ANY (CAST(:ids AS bigint[]))
