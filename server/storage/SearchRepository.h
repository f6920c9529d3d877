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

// A message's tokens as the index stores them.
struct IndexedMessage
{
    qint64 messageId = 0;
    qint64 conversationId = 0;
    QList<QByteArray> tokens;
};

// What a query looks for in one conversation: every one of these tokens (its terms hashed for it).
struct WantedTokens
{
    qint64 conversationId = 0;
    QList<QByteArray> tokens;
};

// The search index (message_search): keyed hashes of word prefixes per message (service/SearchTokens.h), and
// the queue of messages waiting for the indexer (search_queue).
class SearchRepository
{
public:
    explicit SearchRepository(DbSession &session) : m_session(session) {}

    // Locks up to limit messages waiting for the indexer (inside a transaction).
    Result<QList<IndexCandidate>> claim(int limit);
    // Replaces the tokens of the claimed messages (those without tokens lose theirs) and takes them off the queue.
    Result<void> replace(const QList<qint64> &claimedIds, const QList<IndexedMessage> &indexed);
    // Visible messages holding every wanted token of their conversation, id below `before`, newest first.
    // Visible messages holding every wanted token of their conversation, id below `before`, newest first. The
    // first token of each conversation is the one whose postings are walked: put the rarest term first.
    Result<QList<StoredMessage>> find(const QList<WantedTokens> &wanted, qint64 before, int limit);
    // How the index stores a token: the first 8 bytes of its keyed hash, as a signed big-endian integer.
    static qint64 storedToken(const QByteArray &hash);

private:
    DbSession &m_session;
};

} // namespace Banter::Server
