#pragma once

#include "BenchPlan.h"
#include "SearchCorpus.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <vector>

namespace Banter::Client {
class SocketIoClient;
}
class BenchSetup;

// --search-messages N: the search benchmark. Setup creates the groups as for the load scenarios, with the first
// user (the searcher) a member of every group; one socket per group (its creator) then stores N messages of
// SearchCorpus text through message:send, a last message carries a sentinel word, and once a search finds the
// sentinel the index has caught up (the indexer takes messages oldest first). Then the searcher runs
// --search-queries GET /api/messages/search requests, --search-concurrency at a time, over every class of
// query, checks that every result holds the query's terms, and reports latency percentiles per class.
class SearchBench : public QObject
{
    Q_OBJECT
public:
    explicit SearchBench(const BenchOptions &options, QObject *parent = nullptr);
    ~SearchBench() override;
    void start();

signals:
    void finished(int exitCode);

private:
    struct Seeder
    {
        Banter::Client::SocketIoClient *socket = nullptr;
        int group = 0;
        int quota = 0;
        int sent = 0;
        int acked = 0;
    };
    struct Sample
    {
        SearchCorpus::QueryClass kind;
        double ms = 0;
        int results = 0;
    };

    void onSetupFinished(const QString &error);
    void sendNext(int seeder);
    void onSeeded();
    void pollSentinel();
    void startQueries();
    void issueQuery();
    void report();
    void abort(const QString &message);
    QNetworkRequest searchRequest(const QString &query, int limit) const;

    BenchPlan m_plan;
    SearchCorpus m_corpus;
    QRandomGenerator m_rng;
    BenchSetup *m_setup = nullptr;
    QNetworkAccessManager m_network;
    std::vector<Seeder> m_seeders;
    qint64 m_acked = 0;
    int m_connected = 0;
    QString m_sentinel;
    QElapsedTimer m_phase;
    QTimer m_progress;
    double m_setupSeconds = 0, m_seedSeconds = 0, m_indexSeconds = 0;
    qint64 m_seedAckedAtProgress = 0;
    int m_queriesIssued = 0, m_queriesRunning = 0;
    std::vector<Sample> m_samples;
    QHash<QString, qint64> m_errors;
    QStringList m_mismatches;
    bool m_aborted = false;
};
