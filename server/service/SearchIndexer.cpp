#include "service/SearchIndexer.h"

#include "service/ServiceLog.h"
#include "storage/DbSession.h"
#include "storage/SearchRepository.h"
#include "storage/Transaction.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr int BatchSize = 200;

} // namespace

SearchIndexer::SearchIndexer(const ConnectionFactory &factory, const MessageSealer &sealer, SearchTokens tokens,
                             SearchIndexerSettings settings)
    : m_factory(factory), m_sealer(sealer), m_tokens(std::move(tokens)), m_settings(settings)
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
    // Background work: below the socket, writer and database threads when the CPU is short (a thread's nice
    // value on Linux is its own).
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 10);
    DbSession db(m_factory, u"banter-search-indexer"_s);
    for (;;) {
        const auto started = std::chrono::steady_clock::now();
        const int taken = indexBatch(db);
        const auto took = std::chrono::steady_clock::now() - started;
        std::unique_lock lock(m_mutex);
        if (m_stopping)
            return;
        // A full batch: more is waiting, so go on after a pause that keeps indexing (and the database's share
        // with it) to sharePercent of the time, however long the backlog: three times the batch's time at 25 %.
        // Idle: poll. Database away: a longer pause.
        const auto busy = std::chrono::duration_cast<std::chrono::microseconds>(took);
        const auto pause = taken == BatchSize ? busy * (100 - m_settings.sharePercent) / m_settings.sharePercent
                           : taken < 0        ? std::chrono::microseconds(2'000'000)
                                              : std::chrono::microseconds(m_settings.pollMs * 1000);
        m_wake.wait_for(lock, pause, [this] { return m_stopping; });
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
    QList<IndexedMessage> indexed;
    for (const IndexCandidate &m : claimed.value()) {
        ids.append(m.id);
        if (m.removed != 0)
            continue; // removed meanwhile: no tokens
        auto content = m_sealer.open(m.conversationId, m.seq, {m.keyId, m.nonce, m.ciphertext});
        if (!content) {
            qCWarning(lcService) << "search indexer: message" << m.id << "does not open; not indexed";
            continue;
        }
        IndexedMessage row{m.id, m.conversationId, m_tokens.indexTokens(m.conversationId, content.value())};
        if (!row.tokens.isEmpty())
            indexed.append(std::move(row));
    }
    if (auto r = search.replace(ids, indexed); !r) {
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
