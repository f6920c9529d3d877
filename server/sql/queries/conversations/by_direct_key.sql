SELECT id FROM conversations WHERE direct_key = :direct_key
