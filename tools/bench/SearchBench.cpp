#include "SearchBench.h"

#include "BenchProgress.h"
#include "BenchSetup.h"
#include "banter/client/SocketIoClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;
using Banter::Client::SocketIoClient;

namespace {

// Nearest-rank percentile of sorted samples.
double percentile(const std::vector<double> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    const size_t rank = size_t(std::max(1.0, std::ceil(q * double(sorted.size()))));
    return sorted[std::min(rank, sorted.size()) - 1];
}

constexpr int PageSize = 20;
} // namespace

SearchBench::SearchBench(const BenchOptions &options, QObject *parent)
    : QObject(parent), m_rng(options.searchSeed)
{
    m_plan.options = options;
    m_progress.setInterval(5000);
    connect(&m_progress, &QTimer::timeout, this, [this] {
        const double rate = double(m_acked - m_seedAckedAtProgress) / 5.0;
        m_seedAckedAtProgress = m_acked;
        benchProgress(u"seeded %1 of %2 messages (%3/s)"_s.arg(m_acked).arg(m_plan.options.searchMessages).arg(rate, 0, 'f', 0));
    });
}

SearchBench::~SearchBench() = default;

void SearchBench::start()
{
    const BenchOptions &o = m_plan.options;
    benchProgress(u"%1: search benchmark: registering %2 users and creating %3 groups (the searcher in all of them)"_s
                 .arg(o.label).arg(o.groups * o.members).arg(o.groups));
    m_phase.start();
    m_setup = new BenchSetup(&m_plan, this);
    connect(m_setup, &BenchSetup::finished, this, &SearchBench::onSetupFinished);
    m_setup->start();
}

void SearchBench::onSetupFinished(const QString &error)
{
    if (!error.isEmpty())
        return abort(u"setup failed: "_s + error);
    m_setupSeconds = m_phase.elapsed() / 1000.0;
    const BenchOptions &o = m_plan.options;
    benchProgress(u"setup took %1 s; storing %2 messages through %3 sockets, %4 in flight each"_s
                 .arg(m_setupSeconds, 0, 'f', 1).arg(o.searchMessages).arg(o.groups).arg(o.inflight));
    m_phase.restart();
    m_seeders.resize(size_t(o.groups));
    for (int g = 0; g < o.groups; ++g) {
        Seeder &s = m_seeders[size_t(g)];
        s.group = g;
        s.quota = o.searchMessages / o.groups + (g < o.searchMessages % o.groups ? 1 : 0);
        s.socket = new SocketIoClient(this);
        s.socket->setAuth(QJsonObject{{u"token"_s, m_plan.users[m_plan.groups[g].members[0]].token}});
        connect(s.socket, &SocketIoClient::connected, this, [this, g] {
            if (++m_connected == int(m_seeders.size()))
                m_progress.start();
            for (int k = 0; k < m_plan.options.inflight; ++k)
                sendNext(g);
        });
        connect(s.socket, &SocketIoClient::connectError, this, [this](const QJsonObject &e) {
            abort(u"a seeding socket could not connect: "_s + QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact)));
        });
        connect(s.socket, &SocketIoClient::disconnected, this,
                [this](const QString &reason) { abort(u"a seeding socket was disconnected: "_s + reason); });
        s.socket->open(o.server);
    }
}

void SearchBench::sendNext(int g)
{
    Seeder &s = m_seeders[size_t(g)];
    if (s.sent >= s.quota)
        return;
    const int n = s.sent++;
    const QJsonObject payload{{u"conversationId"_s, m_plan.groups[g].conversationId},
                              {u"content"_s, m_corpus.message(m_rng)},
                              {u"clientMessageId"_s, u"s%1-%2"_s.arg(g).arg(n)}};
    s.socket->emitWithAck(u"message:send"_s, payload, [this, g](const QJsonValue &r) {
        if (m_aborted)
            return;
        if (!r.toObject().value(u"ok"_s).toBool())
            return abort(u"message:send failed: "_s + QString::fromUtf8(QJsonDocument(r.toObject()).toJson(QJsonDocument::Compact)));
        Seeder &s = m_seeders[size_t(g)];
        ++s.acked;
        if (++m_acked == m_plan.options.searchMessages)
            return onSeeded();
        sendNext(g);
    }, m_plan.options.ackTimeoutMs);
}

void SearchBench::onSeeded()
{
    m_progress.stop();
    m_seedSeconds = m_phase.elapsed() / 1000.0;
    benchProgress(u"%1 messages stored in %2 s (%3/s); waiting for the index"_s.arg(m_acked).arg(m_seedSeconds, 0, 'f', 1)
                 .arg(double(m_acked) / m_seedSeconds, 0, 'f', 0));
    m_phase.restart();
    // The last message: a word no other message has. The indexer takes messages in id order, so once a search
    // finds it, every message before it is in the index.
    m_sentinel = u"zzsentinel"_s;
    for (int i = 0; i < 6; ++i)
        m_sentinel.append(QChar(u'a' + int(m_rng.bounded(26u))));
    m_seeders[0].socket->emitWithAck(u"message:send"_s,
                                     QJsonObject{{u"conversationId"_s, m_plan.groups[0].conversationId},
                                                 {u"content"_s, u"the last one "_s + m_sentinel},
                                                 {u"clientMessageId"_s, u"sentinel"_s}},
                                     [this](const QJsonValue &r) {
                                         if (m_aborted)
                                             return;
                                         if (!r.toObject().value(u"ok"_s).toBool())
                                             return abort(u"the sentinel message was refused"_s);
                                         pollSentinel();
                                     });
}

QNetworkRequest SearchBench::searchRequest(const QString &query, int limit) const
{
    QUrl url = m_plan.options.server;
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + u"/api/messages/search"_s);
    QUrlQuery q;
    q.addQueryItem(u"q"_s, query);
    q.addQueryItem(u"limit"_s, QString::number(limit));
    url.setQuery(q);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_plan.users[0].token.toUtf8());
    request.setTransferTimeout(60000);
    return request;
}

void SearchBench::pollSentinel()
{
    QNetworkReply *reply = m_network.get(searchRequest(m_sentinel, 1));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (m_aborted)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        if (status != 200)
            return abort(u"search answered %1 while waiting for the index"_s.arg(status));
        if (!body.value(u"results"_s).toArray().isEmpty()) {
            m_indexSeconds = m_phase.elapsed() / 1000.0;
            benchProgress(u"the index caught up %1 s after the last message"_s.arg(m_indexSeconds, 0, 'f', 1));
            return startQueries();
        }
        if (m_phase.elapsed() > qint64(m_plan.options.searchIndexTimeoutS) * 1000)
            return abort(u"the index did not catch up within %1 s"_s.arg(m_plan.options.searchIndexTimeoutS));
        QTimer::singleShot(1000, this, &SearchBench::pollSentinel);
    });
}

void SearchBench::startQueries()
{
    for (Seeder &s : m_seeders) {
        s.socket->disconnect(this);
        s.socket->close();
    }
    benchProgress(u"running %1 searches, %2 at a time"_s.arg(m_plan.options.searchQueries).arg(m_plan.options.searchConcurrency));
    m_phase.restart();
    for (int i = 0; i < m_plan.options.searchConcurrency; ++i)
        issueQuery();
}

void SearchBench::issueQuery()
{
    if (m_queriesIssued >= m_plan.options.searchQueries) {
        if (m_queriesRunning == 0)
            report();
        return;
    }
    const auto kind = SearchCorpus::QueryClass(m_queriesIssued % SearchCorpus::QueryClassCount);
    ++m_queriesIssued;
    ++m_queriesRunning;
    const QString query = m_corpus.query(kind, m_rng);
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = m_network.get(searchRequest(query, PageSize));
    connect(reply, &QNetworkReply::finished, this, [this, reply, kind, query, timer] {
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        reply->deleteLater();
        --m_queriesRunning;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        if (status != 200) {
            ++m_errors[u"http %1"_s.arg(status == 0 ? reply->errorString() : QString::number(status))];
        } else {
            const QJsonArray results = body.value(u"results"_s).toArray();
            for (const QJsonValue &r : results) {
                const QString content = r.toObject().value(u"message"_s).toObject().value(u"content"_s).toString();
                if (!SearchCorpus::matches(query, content) && m_mismatches.size() < 5)
                    m_mismatches.append(u"\"%1\" found \"%2\""_s.arg(query, content));
                if (!SearchCorpus::matches(query, content))
                    ++m_errors[u"result without the query's terms"_s];
            }
            m_samples.push_back({kind, ms, int(results.size())});
        }
        issueQuery();
    });
}

void SearchBench::report()
{
    const double seconds = m_phase.elapsed() / 1000.0;
    const BenchOptions &o = m_plan.options;
    auto summary = [](std::vector<double> ms, double results) {
        std::sort(ms.begin(), ms.end());
        return QJsonObject{{u"count"_s, qint64(ms.size())},
                           {u"p50"_s, percentile(ms, 0.50)},
                           {u"p95"_s, percentile(ms, 0.95)},
                           {u"p99"_s, percentile(ms, 0.99)},
                           {u"max"_s, ms.empty() ? 0.0 : ms.back()},
                           {u"meanResults"_s, ms.empty() ? 0.0 : results / double(ms.size())}};
    };
    std::vector<double> all;
    double allResults = 0;
    QJsonObject classes;
    for (int k = 0; k < SearchCorpus::QueryClassCount; ++k) {
        std::vector<double> ms;
        double results = 0;
        for (const Sample &s : m_samples) {
            if (int(s.kind) == k) {
                ms.push_back(s.ms);
                results += s.results;
            }
        }
        classes.insert(SearchCorpus::className(SearchCorpus::QueryClass(k)), summary(ms, results));
        all.insert(all.end(), ms.begin(), ms.end());
        allResults += results;
    }
    QJsonObject errors;
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
        errors.insert(it.key(), it.value());
    const QJsonObject overall = summary(all, allResults);
    const QJsonObject report{
        {u"scenario"_s, u"search"_s},
        {u"label"_s, o.label},
        {u"conversations"_s, o.groups},
        {u"messages"_s, o.searchMessages},
        {u"setupSeconds"_s, m_setupSeconds},
        {u"seedSeconds"_s, m_seedSeconds},
        {u"seedPerSecond"_s, double(o.searchMessages) / m_seedSeconds},
        {u"indexCatchUpSeconds"_s, m_indexSeconds},
        {u"queries"_s, qint64(m_samples.size())},
        {u"concurrency"_s, o.searchConcurrency},
        {u"queriesPerSecond"_s, double(m_samples.size()) / seconds},
        {u"latencyMs"_s, overall},
        {u"classes"_s, classes},
        {u"errors"_s, errors},
        {u"examples"_s, QJsonArray::fromStringList(m_mismatches)},
    };
    if (o.json) {
        std::fputs(QJsonDocument(report).toJson(QJsonDocument::Indented).constData(), stdout);
    } else {
        QString text = u"search over %1 messages in %2 conversations (the searcher is in all of them)\n"_s.arg(o.searchMessages).arg(o.groups);
        text += u"seeded in %1 s (%2 messages/s); the index caught up %3 s later\n"_s.arg(m_seedSeconds, 0, 'f', 1)
                    .arg(double(o.searchMessages) / m_seedSeconds, 0, 'f', 0).arg(m_indexSeconds, 0, 'f', 1);
        text += u"%1 searches, %2 at a time, %3/s\n"_s.arg(m_samples.size()).arg(o.searchConcurrency)
                    .arg(double(m_samples.size()) / seconds, 0, 'f', 0);
        text += u"%1 %2 %3 %4 %5 %6\n"_s.arg(u"class"_s, -10).arg(u"count"_s, 6).arg(u"p50 ms"_s, 8).arg(u"p95 ms"_s, 8)
                    .arg(u"p99 ms"_s, 8).arg(u"results"_s, 8);
        auto line = [&](const QString &name, const QJsonObject &s) {
            text += u"%1 %2 %3 %4 %5 %6\n"_s.arg(name, -10).arg(s.value(u"count"_s).toInteger(), 6)
                        .arg(s.value(u"p50"_s).toDouble(), 8, 'f', 1).arg(s.value(u"p95"_s).toDouble(), 8, 'f', 1)
                        .arg(s.value(u"p99"_s).toDouble(), 8, 'f', 1).arg(s.value(u"meanResults"_s).toDouble(), 8, 'f', 1);
        };
        for (int k = 0; k < SearchCorpus::QueryClassCount; ++k) {
            const QString name = SearchCorpus::className(SearchCorpus::QueryClass(k));
            line(name, classes.value(name).toObject());
        }
        line(u"all"_s, overall);
        for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
            text += u"error: %1 x%2\n"_s.arg(it.key()).arg(it.value());
        std::fputs(qPrintable(text), stdout);
    }
    std::fflush(stdout);
    for (const QString &m : std::as_const(m_mismatches))
        benchProgress(u"check: "_s + m);
    emit finished(m_errors.isEmpty() ? 0 : 1);
}

void SearchBench::abort(const QString &message)
{
    if (m_aborted)
        return;
    m_aborted = true;
    benchProgress(message);
    m_progress.stop();
    for (Seeder &s : m_seeders) {
        if (s.socket) {
            s.socket->disconnect(this);
            s.socket->close();
        }
    }
    emit finished(2);
}
