#include "storage/SearchRepository.h"

#include "storage/SqlArrays.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QtEndian>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

// :wanted of search/find: [{conversation_id, tokens: ["<bigint>", ...]}, ...].
QString wantedJson(const QList<WantedTokens> &wanted)
{
    QJsonArray array;
    for (const WantedTokens &w : wanted) {
        QJsonArray tokens;
        for (const QByteArray &t : w.tokens)
            tokens.append(QString::number(SearchRepository::storedToken(t)));
        array.append(QJsonObject{{u"conversation_id"_s, w.conversationId}, {u"tokens"_s, tokens}});
    }
    return compactJson(array);
}

} // namespace

Result<QList<IndexCandidate>> SearchRepository::claim(int limit)
{
    // Two statements, so the messages are read with a snapshot taken after their queue rows are locked
    // (search/claim says why).
    auto ids = m_session.ids(u"search/claim"_s, {{u"limit"_s, limit}});
    if (!ids)
        return ids.error();
    if (ids.value().isEmpty())
        return QList<IndexCandidate>();
    auto q = m_session.exec(u"search/claimed"_s, {{u"ids"_s, bigintArray(ids.value())}});
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
            // Distinct stored tokens: two prefixes whose hashes share their first 8 bytes would otherwise be the
            // same posting twice, and search/insert_tokens inserts without ON CONFLICT (cheaper per row).
            QSet<qint64> seen;
            QJsonArray tokens;
            for (const QByteArray &t : m.tokens) {
                const qint64 stored = storedToken(t);
                if (!seen.contains(stored)) {
                    seen.insert(stored);
                    tokens.append(QString::number(stored));
                }
            }
            rows.append(QJsonObject{{u"message_id"_s, m.messageId}, {u"conversation_id"_s, m.conversationId}, {u"tokens"_s, tokens}});
        }
        if (auto r = m_session.execute(u"search/insert_tokens"_s, {{u"rows"_s, compactJson(rows)}}); !r)
            return r;
    }
    return m_session.execute(u"search/mark_indexed"_s, {{u"ids"_s, ids}});
}

Result<QList<StoredMessage>> SearchRepository::find(const QList<WantedTokens> &wanted, qint64 before, int limit)
{
    // search/find reads `probe` postings per conversation first, then more only where the page may need them.
    constexpr int Probe = 3;
    auto q = m_session.exec(u"search/find"_s, {{u"wanted"_s, wantedJson(wanted)},
                                                {u"before"_s, before},
                                                {u"limit"_s, limit},
                                                {u"probe"_s, std::min(Probe, limit)}});
    if (!q)
        return q.error();
    QList<StoredMessage> out;
    while (q.value()->next())
        out.append(MessageRepository::fromRow(*q.value()));
    return out;
}

qint64 SearchRepository::storedToken(const QByteArray &hash)
{
    Q_ASSERT(hash.size() >= 8);
    return qFromBigEndian<qint64>(hash.constData());
}

} // namespace Banter::Server
