#pragma once

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Banter::Server {

// What the search index stores instead of words. Text is normalised (compatibility decomposition, accents
// and other combining marks dropped, case folded) and split into words: runs of letters and digits in any
// script; scripts written without spaces (Han, kana, Thai, ...) as overlapping pairs of characters. Each word
// is indexed by its prefixes of 2 to MaxPrefix characters, so a query word matches the words it begins. The
// hashes are HMAC-SHA256(search key, conversation id, prefix) cut to 16 bytes, of which the index keeps the first
// 8 (storage/SearchRepository.h), never a word: it leaks which messages of one conversation share a prefix, and
// how many prefixes a message has, not what they are.
class SearchTokens
{
public:
    static constexpr int MinChars = 2;
    static constexpr int MaxPrefix = 16;
    static constexpr int MaxTokensPerMessage = 3000;
    static constexpr int MaxQueryWords = 10;

    explicit SearchTokens(QByteArray key) : m_key(std::move(key)) {}

    // The normalised words of a text, in order (duplicates kept).
    static QStringList words(const QString &text);
    // Every distinct prefix (2..MaxPrefix characters) of every word, at most MaxTokensPerMessage.
    static QStringList prefixes(const QString &text);
    // A query's words as prefixes to look up (each at most MaxPrefix characters); words under MinChars dropped.
    static QStringList queryTerms(const QString &query);

    QByteArray hash(qint64 conversationId, const QString &prefix) const;
    QList<QByteArray> indexTokens(qint64 conversationId, const QString &text) const;

private:
    QByteArray m_key;
};

} // namespace Banter::Server
