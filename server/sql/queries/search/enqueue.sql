INSERT INTO search_queue (message_id) VALUES (:id) ON CONFLICT DO NOTHING
