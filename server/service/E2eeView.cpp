#include "service/E2eeView.h"

#include "storage/E2eeRepository.h"

namespace Banter::Server::E2eeView {
namespace {

E2eePart partOf(const StoredEnvelope &e)
{
    E2eePart part{e.senderDevice, {}};
    for (const StoredCiphertext &c : e.ciphertexts)
        part.ciphertexts.append({c.userId, c.deviceId, c.sessionId, c.type, c.body});
    return part;
}

} // namespace

Result<void> forDevice(DbSession &db, const QString &sessionId, QList<ChatMessage> &messages)
{
    QList<std::pair<qint64, qint64>> positions;
    for (const ChatMessage &m : std::as_const(messages))
        if (!m.removed())
            positions.append({m.conversationId, m.seq});
    if (positions.isEmpty())
        return {};
    auto envelopes = E2eeRepository(db).forDevice(sessionId, positions);
    if (!envelopes)
        return envelopes.error();
    for (ChatMessage &m : messages) {
        const auto it = envelopes.value().constFind({m.conversationId, m.seq});
        if (it == envelopes.value().cend())
            continue;
        m.e2ee = partOf(*it);
        m.content.clear();
    }
    return {};
}

Result<void> forDevice(DbSession &db, const QString &sessionId, QList<ConversationEvent> &events)
{
    QList<std::pair<qint64, qint64>> positions;
    for (const ConversationEvent &e : std::as_const(events))
        if (e.type == EventType::MessageEdited && e.content)
            positions.append({e.conversationId, e.seq});
    if (positions.isEmpty())
        return {};
    auto envelopes = E2eeRepository(db).forDevice(sessionId, positions);
    if (!envelopes)
        return envelopes.error();
    for (ConversationEvent &e : events) {
        const auto it = envelopes.value().constFind({e.conversationId, e.seq});
        if (it == envelopes.value().cend())
            continue;
        e.e2ee = partOf(*it);
        e.content.reset();
    }
    return {};
}

} // namespace Banter::Server::E2eeView
