-- A deleted E2EE message: its envelopes and ciphertexts (its own and its edits') go with it.
DELETE FROM e2ee_envelopes WHERE message_id = :message_id
