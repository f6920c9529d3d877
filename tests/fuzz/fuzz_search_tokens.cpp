// What the search index makes of any text (server/service/SearchTokens): messages are indexed and queries
// looked up through the same normalisation, so whatever a message says must be findable by its own words.
//
// Input: UTF-8 text (a message, or a query).
#include "FuzzSupport.h"

#include "service/SearchTokens.h"

#include <QSet>

using namespace Banter::Server;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString text = Banter::Fuzz::utf8(data, size);

    const QStringList words = SearchTokens::words(text);
    for (const QString &w : words) {
        BANTER_FUZZ_CHECK(!w.isEmpty());
        // Normalising is idempotent: a word read again is the same word (what a query repeats, it finds).
        BANTER_FUZZ_CHECK(SearchTokens::words(w) == QStringList{w});
    }

    const QStringList prefixes = SearchTokens::prefixes(text);
    BANTER_FUZZ_CHECK(prefixes.size() <= SearchTokens::MaxTokensPerMessage);
    BANTER_FUZZ_CHECK(QSet<QString>(prefixes.cbegin(), prefixes.cend()).size() == prefixes.size());
    for (const QString &p : prefixes) {
        const qsizetype n = p.toUcs4().size();
        BANTER_FUZZ_CHECK(n >= SearchTokens::MinChars && n <= SearchTokens::MaxPrefix);
    }

    // Every word of the text, asked for, is among the text's tokens (unless the message hit the token cap).
    const QStringList terms = SearchTokens::queryTerms(text);
    if (prefixes.size() < SearchTokens::MaxTokensPerMessage)
        for (const QString &t : terms)
            BANTER_FUZZ_CHECK(prefixes.contains(t));

    static const SearchTokens tokens(QByteArray(32, 'k'));
    for (const QByteArray &t : tokens.indexTokens(1, text.left(200)))
        BANTER_FUZZ_CHECK(t.size() == 16);
    return 0;
}
