#include "service/SearchIndexer.h"

#include "service/ServiceLog.h"
#include "storage/DbSession.h"
#include "storage/SearchRepository.h"
#include "storage/Transaction.h"

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr int BatchSize = 200;

} // namespace

SearchIndexer::SearchIndexer(const ConnectionFactory &factory, const MessageSealer &sealer, SearchTokens tokens, int pollMs)
    : m_factory(factory), m_sealer(sealer), m_tokens(std::move(tokens)), m_pollMs(pollMs)
{
    m_thread = std::thread([this] { run(); });
}

SearchIndexer::~SearchIndexer()
{
    stop();
}

void SearchIndexer::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void SearchIndexer::run()
{
    DbSession db(m_factory, u"banter-search-indexer"_s);
    for (;;) {
        const int taken = indexBatch(db);
        std::unique_lock lock(m_mutex);
        if (m_stopping)
            return;
        if (taken == BatchSize)
            continue; // more waiting: no pause
        // Idle, or the database is away (then a longer pause).
        m_wake.wait_for(lock, std::chrono::milliseconds(taken < 0 ? 2000 : m_pollMs), [this] { return m_stopping; });
        if (m_stopping)
            return;
    }
}

int SearchIndexer::indexBatch(DbSession &db)
{
    auto tx = Transaction::begin(db);
    if (!tx)
        return -1;
    SearchRepository search(db);
    auto claimed = search.claim(BatchSize);
    if (!claimed) {
        qCWarning(lcService) << "search indexer:" << claimed.error().message;
        return -1;
    }
    if (claimed.value().isEmpty())
        return 0;
    QList<qint64> ids;
    QList<SearchToken> tokens;
    for (const IndexCandidate &m : claimed.value()) {
        ids.append(m.id);
        if (m.removed != 0)
            continue; // removed meanwhile: no tokens
        auto content = m_sealer.open(m.conversationId, m.seq, {m.keyId, m.nonce, m.ciphertext});
        if (!content) {
            qCWarning(lcService) << "search indexer: message" << m.id << "does not open; not indexed";
            continue;
        }
        for (QByteArray &t : m_tokens.indexTokens(m.conversationId, content.value()))
            tokens.append({m.conversationId, m.id, std::move(t)});
    }
    if (auto r = search.replace(ids, tokens); !r) {
        qCWarning(lcService) << "search indexer:" << r.error().message;
        return -1;
    }
    if (auto r = tx.value().commit(); !r) {
        qCWarning(lcService) << "search indexer:" << r.error().message;
        return -1;
    }
    m_indexed.fetch_add(quint64(ids.size()), std::memory_order_relaxed);
    return int(claimed.value().size());
}

} // namespace Banter::Server
