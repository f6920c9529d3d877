#pragma once

#include "crypto/MessageSealer.h"
#include "service/ChatMessage.h"
#include "service/Principal.h"
#include "service/SearchTokens.h"
#include "storage/DbExecutor.h"

#include <QFuture>

#include <optional>

namespace Banter::Server {

struct SearchQuery
{
    QString text;
    QString conversationId; // empty: every conversation of the caller
    int limit = 20;         // 1-50
    QString cursor;         // nextCursor of the previous page, or empty
};

struct SearchPage
{
    QList<ChatMessage> results; // newest first
    QString nextCursor;         // empty on the last page
};

// Message search over the keyed-hash index (SearchTokens): words and word prefixes, every word must match,
// only in the caller's conversations, never hidden or deleted messages; newest first.
class SearchService
{
public:
    SearchService(DbExecutor &db, const MessageSealer &sealer, SearchTokens tokens)
        : m_db(db), m_sealer(sealer), m_tokens(std::move(tokens))
    {
    }

    QFuture<Result<SearchPage>> search(const Principal &caller, const SearchQuery &query);

private:
    DbExecutor &m_db;
    const MessageSealer &m_sealer;
    SearchTokens m_tokens;
};

} // namespace Banter::Server
