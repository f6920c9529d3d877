UPDATE users SET display_name = :display_name, bio = :bio WHERE id = :id
