#pragma once

#include "crypto/MessageSealer.h"
#include "service/SearchTokens.h"
#include "storage/ConnectionFactory.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace Banter::Server {

struct SearchIndexerSettings
{
    int sharePercent = 25; // of the thread's time, while a backlog waits
    int pollMs = 200;      // an idle indexer looks for new work this often
};

// Keeps the search index up to date in the background, on its own thread (nice 10) and database connection:
// takes the queued messages (search_queue: new and edited ones) in batches, opens them, and replaces their
// tokens. Sends and edits never wait for it; an idle indexer finds new work within pollMs, a busy one spends at
// most sharePercent of its time (a quarter by default) indexing, so under a heavy load the index lags instead of
// the sends. Several banterd processes on one database share the work (SKIP LOCKED).
class SearchIndexer
{
public:
    SearchIndexer(const ConnectionFactory &factory, const MessageSealer &sealer, SearchTokens tokens,
                  SearchIndexerSettings settings = {});
    ~SearchIndexer();
    SearchIndexer(const SearchIndexer &) = delete;
    SearchIndexer &operator=(const SearchIndexer &) = delete;

    void stop();
    quint64 indexed() const { return m_indexed.load(std::memory_order_relaxed); }

private:
    void run();
    // Indexes one batch; the number of messages it took (0: nothing waiting), or -1 on a database error.
    int indexBatch(class DbSession &db);

    ConnectionFactory m_factory;
    const MessageSealer &m_sealer;
    SearchTokens m_tokens;
    SearchIndexerSettings m_settings;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::atomic<quint64> m_indexed{0};
    std::thread m_thread;
};

} // namespace Banter::Server
