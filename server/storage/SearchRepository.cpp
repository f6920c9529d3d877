#include "storage/SearchRepository.h"

#include "storage/SqlArrays.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

} // namespace

Result<QList<IndexCandidate>> SearchRepository::claim(int limit)
{
    auto q = m_session.exec(u"search/claim"_s, {{u"limit"_s, limit}});
    if (!q)
        return q.error();
    QList<IndexCandidate> out;
    while (q.value()->next()) {
        const QSqlQuery &r = *q.value();
        out.append({r.value(0).toLongLong(), r.value(1).toLongLong(), r.value(2).toLongLong(), r.value(3).toString(),
                    r.value(4).toByteArray(), r.value(5).toByteArray(), r.value(6).toInt()});
    }
    return out;
}

Result<void> SearchRepository::replace(const QList<qint64> &claimedIds, const QList<IndexedMessage> &indexed)
{
    if (claimedIds.isEmpty())
        return {};
    const QString ids = bigintArray(claimedIds);
    if (auto r = m_session.execute(u"search/delete_tokens"_s, {{u"ids"_s, ids}}); !r)
        return r;
    if (!indexed.isEmpty()) {
        QJsonArray rows;
        for (const IndexedMessage &m : indexed) {
            QJsonArray tokens;
            for (const QByteArray &t : m.tokens)
                tokens.append(QString::fromLatin1(t.toBase64()));
            rows.append(QJsonObject{{u"message_id"_s, m.messageId}, {u"conversation_id"_s, m.conversationId}, {u"tokens"_s, tokens}});
        }
        if (auto r = m_session.execute(u"search/insert_tokens"_s, {{u"rows"_s, compact(rows)}}); !r)
            return r;
    }
    return m_session.execute(u"search/mark_indexed"_s, {{u"ids"_s, ids}});
}

Result<QList<StoredMessage>> SearchRepository::find(const QList<WantedTokens> &wanted, qint64 before, int limit)
{
    QJsonArray array;
    for (const WantedTokens &w : wanted) {
        QJsonArray tokens;
        for (const QByteArray &t : w.tokens)
            tokens.append(QString::fromLatin1(t.toBase64()));
        array.append(QJsonObject{{u"conversation_id"_s, w.conversationId}, {u"tokens"_s, tokens}});
    }
    auto q = m_session.exec(u"search/find"_s, {{u"wanted"_s, compact(array)}, {u"before"_s, before}, {u"limit"_s, limit}});
    if (!q)
        return q.error();
    QList<StoredMessage> out;
    while (q.value()->next())
        out.append(MessageRepository::fromRow(*q.value()));
    return out;
}

} // namespace Banter::Server
