#pragma once

#include "service/E2eePart.h"
#include "service/WriteCommand.h"
#include "storage/E2eeRepository.h"

#include <QHash>

#include <optional>

namespace Banter::Server {

class DbSession;

// The end-to-end encryption rules of the batched writer (MessageWriter), inside its open transaction: a send or
// an edit in an E2EE conversation carries one ciphertext for exactly every current device of the members but
// the acting one (else device_mismatch, naming the missing and the stale devices), and plain text in a plain
// conversation only. The ciphertexts are stored per log position (storeEnvelopes) and never opened.
class E2eeCommands
{
public:
    explicit E2eeCommands(DbSession &db) : m_db(db) {}

    // Loads the current devices of the members of these (E2EE) conversations in one query.
    Result<void> prefetch(const QList<qint64> &conversationIds);
    // A send or edit against its conversation. nullopt: a plain command in a plain conversation. Otherwise the
    // encrypted part, each ciphertext's device resolved to its login session, or the refusal (the client's
    // error: validation_failed, device_mismatch).
    Result<std::optional<E2eePart>> check(const WriteCommand &c, bool e2eeConversation) const;
    // The encrypted parts of the batch's messages and edits, at their log positions.
    Result<void> storeEnvelopes(const QList<StoredEnvelope> &envelopes);
    static StoredEnvelope envelopeOf(qint64 conversationId, qint64 seq, qint64 messageId, const E2eePart &part);

private:
    DbSession &m_db;
    QHash<qint64, QList<MemberDevice>> m_devices;
};

} // namespace Banter::Server
