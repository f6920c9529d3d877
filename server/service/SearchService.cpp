#include "service/SearchService.h"

#include "service/ServiceFutures.h"
#include "service/TextRules.h"
#include "storage/ConversationRepository.h"
#include "storage/SearchRepository.h"

#include <banter/ErrorCode.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

Error invalid(const QString &message)
{
    return makeError(ErrorCode::ValidationFailed, message);
}

} // namespace

QFuture<Result<SearchPage>> SearchService::search(const Principal &caller, const SearchQuery &query)
{
    if (auto r = TextRules::check(u"q"_s, query.text); !r)
        return fail<SearchPage>(r.error());
    if (query.text.size() > 500)
        return fail<SearchPage>(invalid(u"q: at most 500 characters"_s));
    QStringList terms = SearchTokens::queryTerms(query.text);
    // The index walks the first term's postings and checks the others: the longest term is usually the rarest.
    std::stable_sort(terms.begin(), terms.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    if (terms.isEmpty())
        return fail<SearchPage>(invalid(u"q: at least one word of 2 or more letters or digits"_s));
    if (terms.size() > SearchTokens::MaxQueryWords)
        return fail<SearchPage>(invalid(QStringLiteral("q: at most %1 words").arg(SearchTokens::MaxQueryWords)));
    if (query.limit < 1 || query.limit > 50)
        return fail<SearchPage>(invalid(u"limit: 1-50"_s));
    std::optional<qint64> only;
    if (!query.conversationId.isEmpty()) {
        only = parseId(query.conversationId);
        if (!only)
            return fail<SearchPage>(makeError(ErrorCode::NotFound, u"no such conversation"_s));
    }
    qint64 before = std::numeric_limits<qint64>::max();
    if (!query.cursor.isEmpty()) {
        auto c = parseId(query.cursor);
        if (!c)
            return fail<SearchPage>(invalid(u"cursor: the nextCursor of a previous page"_s));
        before = *c;
    }
    const qint64 me = caller.userId.toLongLong();
    const int limit = query.limit;
    return m_db.run([this, me, only, terms, before, limit](DbSession &db) -> Result<SearchPage> {
        // The caller's conversations and where their history window starts in each.
        auto windows = only ? ConversationRepository(db).windows(me, {*only}) : ConversationRepository(db).allWindows(me);
        if (!windows)
            return windows.error();
        if (only && windows.value().isEmpty())
            return makeError(ErrorCode::NotFound, u"no such conversation"_s);
        const QList<qint64> conversations = windows.value().keys();
        SearchPage page;
        if (conversations.isEmpty())
            return page;
        QList<WantedTokens> wanted;
        wanted.reserve(conversations.size());
        for (qint64 c : std::as_const(conversations)) {
            WantedTokens w{c, {}};
            for (const QString &term : terms)
                w.tokens.append(m_tokens.hash(c, term));
            wanted.append(std::move(w));
        }
        auto rows = SearchRepository(db).find(wanted, before, limit + 1);
        if (!rows)
            return rows.error();
        const qsizetype n = qMin<qsizetype>(rows.value().size(), limit);
        for (qsizetype i = 0; i < n; ++i) {
            const StoredMessage &m = rows.value()[i];
            // Not before the caller's window: such a page is shorter, and the cursor goes on below it.
            if (m.seq >= windows.value().value(m.conversationId))
                page.results.append(ChatMessage::reveal(m, m_sealer));
        }
        if (auto r = ChatMessage::attachReactions(db, page.results, me, m_sealer); !r)
            return r.error();
        if (rows.value().size() > limit)
            page.nextCursor = QString::number(rows.value()[n - 1].id);
        return page;
    });
}

} // namespace Banter::Server
