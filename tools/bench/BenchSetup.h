#pragma once

#include "BenchPlan.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>

#include <functional>

// Creates the users and groups of a run over the REST API: POST /api/auth/register for G*M users (a fresh
// name prefix per run), then POST /api/chat by each group's first member with the others as memberIds (and, for
// the search benchmark, the first user of the run in every group).
// Requests run setupConcurrency at a time; a 429, 5xx or network error is retried a few times.
class BenchSetup : public QObject
{
    Q_OBJECT
public:
    explicit BenchSetup(BenchPlan *plan, QObject *parent = nullptr);
    void start();

signals:
    void finished(const QString &error); // empty on success

private:
    struct Request
    {
        QString path;
        QJsonObject body;
        QString token;
        int expectedStatus = 201;
        std::function<QString(const QJsonObject &)> onReply; // returns an error message or empty
        int attempt = 0;
    };

    void startPhase(QList<Request> requests, std::function<void()> next);
    void pump();
    void issue(Request request);
    void fail(const QString &error);

    BenchPlan *m_plan;
    QNetworkAccessManager m_network;
    QList<Request> m_queue;
    int m_running = 0;
    bool m_failed = false;
    std::function<void()> m_next;
};
