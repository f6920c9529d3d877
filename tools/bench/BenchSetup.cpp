#include "BenchSetup.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
constexpr int MaxAttempts = 6;

// Ids are strings in the contract; tolerate a number anyway rather than sending "" later.
QString idOf(const QJsonValue &v)
{
    return v.isString() ? v.toString() : v.toVariant().toString();
}
} // namespace

BenchSetup::BenchSetup(BenchPlan *plan, QObject *parent) : QObject(parent), m_plan(plan) {}

void BenchSetup::start()
{
    const BenchOptions &o = m_plan->options;
    // Fresh names each run, so runs against one database never collide: 'b' + 6 base-36 characters.
    QString prefix = u"b"_s;
    for (int i = 0; i < 6; ++i)
        prefix.append(QChar(u"abcdefghijklmnopqrstuvwxyz0123456789"[QRandomGenerator::global()->bounded(36)]));

    const int userCount = o.groups * o.members;
    m_plan->users.resize(userCount);
    m_plan->groups.resize(o.groups);
    QList<Request> registrations;
    for (int i = 0; i < userCount; ++i) {
        const int group = i / o.members;
        m_plan->users[i].group = group;
        m_plan->groups[group].members.append(i);
        Request r;
        r.path = u"/api/auth/register"_s;
        r.body = QJsonObject{{u"username"_s, u"%1_%2"_s.arg(prefix).arg(i)}, {u"password"_s, u"bench-password-%1"_s.arg(prefix)}};
        r.onReply = [this, i](const QJsonObject &reply) {
            BenchPlan::User &u = m_plan->users[i];
            u.id = idOf(reply.value(u"user"_s).toObject().value(u"id"_s));
            u.token = reply.value(u"token"_s).toString();
            return u.id.isEmpty() || u.token.isEmpty() ? u"register: the reply has no user.id or token"_s : QString();
        };
        registrations.append(std::move(r));
    }
    startPhase(std::move(registrations), [this] {
        QList<Request> creations;
        for (int g = 0; g < m_plan->groups.size(); ++g) {
            const QList<int> &members = m_plan->groups[g].members;
            QJsonArray memberIds;
            for (int k = 1; k < members.size(); ++k)
                memberIds.append(m_plan->users[members[k]].id);
            // The search benchmark's searcher (the first user) is in every group.
            if (m_plan->options.searchMessages > 0 && g > 0)
                memberIds.append(m_plan->users[0].id);
            Request r;
            r.path = u"/api/chat"_s;
            r.token = m_plan->users[members[0]].token;
            r.body = QJsonObject{{u"type"_s, u"group"_s}, {u"title"_s, u"bench group %1"_s.arg(g)}, {u"memberIds"_s, memberIds}};
            r.onReply = [this, g](const QJsonObject &reply) {
                const QString id = idOf(reply.value(u"conversation"_s).toObject().value(u"id"_s));
                if (id.isEmpty())
                    return u"create group: the reply has no conversation.id"_s;
                m_plan->groups[g].conversationId = id;
                m_plan->groupByConversation.insert(id, g);
                return QString();
            };
            creations.append(std::move(r));
        }
        startPhase(std::move(creations), [this] { emit finished(QString()); });
    });
}

void BenchSetup::startPhase(QList<Request> requests, std::function<void()> next)
{
    m_queue = std::move(requests);
    m_next = std::move(next);
    pump();
}

void BenchSetup::pump()
{
    if (m_failed)
        return;
    while (m_running < m_plan->options.setupConcurrency && !m_queue.isEmpty())
        issue(m_queue.takeFirst());
    if (m_running == 0 && m_queue.isEmpty() && m_next)
        std::exchange(m_next, nullptr)();
}

void BenchSetup::issue(Request request)
{
    QUrl url = m_plan->options.server;
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + request.path);
    QNetworkRequest http(url);
    http.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    http.setTransferTimeout(60000);
    if (!request.token.isEmpty())
        http.setRawHeader("Authorization", "Bearer " + request.token.toUtf8());
    ++m_running;
    QNetworkReply *reply = m_network.post(http, QJsonDocument(request.body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, request]() mutable {
        reply->deleteLater();
        --m_running;
        if (m_failed)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (status == request.expectedStatus) {
            const QString problem = request.onReply(QJsonDocument::fromJson(body).object());
            if (!problem.isEmpty())
                return fail(problem);
            return pump();
        }
        const bool transient = status == 0 || status == 429 || status >= 500;
        if (transient && ++request.attempt < MaxAttempts) {
            QTimer::singleShot(250 * request.attempt, this, [this, request]() mutable {
                --m_running; // issue() counts it again
                issue(std::move(request));
            });
            ++m_running; // the retry still occupies its slot
            return;
        }
        fail(u"POST %1 answered %2: %3"_s.arg(request.path)
                 .arg(status == 0 ? reply->errorString() : QString::number(status))
                 .arg(QString::fromUtf8(body.left(300))));
    });
}

void BenchSetup::fail(const QString &error)
{
    if (m_failed)
        return;
    m_failed = true;
    m_queue.clear();
    emit finished(error);
}
