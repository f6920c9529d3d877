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

Result<void> SearchRepository::replace(const QList<qint64> &messageIds, const QList<SearchToken> &tokens)
{
    if (messageIds.isEmpty())
        return {};
    const QString ids = bigintArray(messageIds);
    if (auto r = m_session.execute(u"search/delete_tokens"_s, {{u"ids"_s, ids}}); !r)
        return r;
    // In slices: one statement's JSON stays a few MB at most.
    for (qsizetype from = 0; from < tokens.size(); from += 20000) {
        QJsonArray rows;
        for (qsizetype i = from; i < qMin(tokens.size(), from + 20000); ++i)
            rows.append(QJsonObject{{u"conversation_id"_s, tokens[i].conversationId},
                                    {u"message_id"_s, tokens[i].messageId},
                                    {u"token"_s, QString::fromLatin1(tokens[i].token.toBase64())}});
        if (auto r = m_session.execute(u"search/insert_tokens"_s, {{u"rows"_s, compact(rows)}}); !r)
            return r;
    }
    return m_session.execute(u"search/mark_indexed"_s, {{u"ids"_s, ids}});
}

Result<QList<StoredMessage>> SearchRepository::find(const QList<SearchTerm> &terms, int needed, qint64 before, int limit)
{
    QJsonArray array;
    for (const SearchTerm &t : terms)
        array.append(QJsonObject{{u"conversation_id"_s, t.conversationId},
                                 {u"term"_s, t.term},
                                 {u"token"_s, QString::fromLatin1(t.token.toBase64())}});
    auto q = m_session.exec(u"search/find"_s, {{u"terms"_s, compact(array)},
                                               {u"needed"_s, needed},
                                               {u"before"_s, before},
                                               {u"limit"_s, limit}});
    if (!q)
        return q.error();
    QList<StoredMessage> out;
    while (q.value()->next())
        out.append(MessageRepository::fromRow(*q.value()));
    return out;
}

} // namespace Banter::Server
