#pragma once

#include "storage/DbSession.h"
#include "storage/MessageRepository.h"

namespace Banter::Server {

// A message the indexer has to (re-)index, as stored.
struct IndexCandidate
{
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 seq = 0;
    QString keyId;
    QByteArray nonce;
    QByteArray ciphertext;
    int removed = 0;
};

struct SearchToken
{
    qint64 conversationId = 0;
    qint64 messageId = 0;
    QByteArray token;
};

// One query term's token in one conversation; a message matches when it has every term.
struct SearchTerm
{
    qint64 conversationId = 0;
    int term = 0;
    QByteArray token;
};

// The search index (message_search): keyed hashes of word prefixes per message (service/SearchTokens.h).
class SearchRepository
{
public:
    explicit SearchRepository(DbSession &session) : m_session(session) {}

    // Locks up to limit messages waiting for the indexer (inside a transaction).
    Result<QList<IndexCandidate>> claim(int limit);
    // Replaces the tokens of these messages and marks them indexed.
    Result<void> replace(const QList<qint64> &messageIds, const QList<SearchToken> &tokens);
    // Visible messages with every one of `needed` terms, id below `before`, newest first.
    Result<QList<StoredMessage>> find(const QList<SearchTerm> &terms, int needed, qint64 before, int limit);

private:
    DbSession &m_session;
};

} // namespace Banter::Server
