SELECT mr.* FROM message_rows mr WHERE mr.id = :id
