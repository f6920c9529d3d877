UPDATE users SET availability = :availability, status_text = :status_text WHERE id = :id
