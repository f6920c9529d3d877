#pragma once

#include <QRandomGenerator>
#include <QString>
#include <QStringList>

#include <vector>

// The text of the search benchmark: a fixed vocabulary of made-up lowercase words (2-10 letters) whose use in
// messages follows Zipf's law, like words in real text (the most frequent word is in most messages, the rarest
// in a handful of a million), and the queries run against it, in classes from the worst case for an index (the
// most frequent words) to the rarest words. The same seed gives the same vocabulary in every run.
class SearchCorpus
{
public:
    enum class QueryClass { Common, Word, Rare, Prefix, TwoWords };
    static constexpr int QueryClassCount = 5;

    explicit SearchCorpus(int vocabulary = 20000, quint32 seed = 20261206);

    // 4-14 words drawn by frequency.
    QString message(QRandomGenerator &rng) const;
    // A query of the class: Common = one of the 20 most frequent words; Word = a word drawn by frequency (what
    // typical text contains); Rare = any word of the vocabulary, each as likely; Prefix = the first 3 letters of
    // a word drawn by frequency; TwoWords = two words drawn by frequency (both must be in a result).
    QString query(QueryClass kind, QRandomGenerator &rng) const;
    static QString className(QueryClass kind);

    // Whether the message text satisfies the query: every query term starts a word of it.
    static bool matches(const QString &query, const QString &text);

private:
    const QString &frequentWord(QRandomGenerator &rng) const;

    QStringList m_words;         // by rank: m_words[0] is the most frequent
    std::vector<double> m_cumulative; // Zipf(1) weights, summed
};
