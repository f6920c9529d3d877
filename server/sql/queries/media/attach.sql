-- :rows is a JSON array of {media_id, message_id, position}.
UPDATE media m SET message_id = v.message_id, position = v.position
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS v(media_id bigint, message_id bigint, position int)
WHERE m.id = v.media_id
