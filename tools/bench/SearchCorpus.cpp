#include "SearchCorpus.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

SearchCorpus::SearchCorpus(int vocabulary, quint32 seed)
{
    static const QString consonants = u"bcdfghjklmnprstvwz"_s;
    static const QString vowels = u"aeiou"_s;
    QRandomGenerator rng(seed);
    QSet<QString> seen;
    while (m_words.size() < vocabulary) {
        // 1-5 syllables of consonant + vowel, sometimes closed by a consonant: 2-11 letters, pronounceable-ish.
        const int syllables = 1 + int(rng.bounded(5u));
        QString w;
        for (int s = 0; s < syllables; ++s) {
            w.append(consonants[int(rng.bounded(quint32(consonants.size())))]);
            w.append(vowels[int(rng.bounded(quint32(vowels.size())))]);
        }
        if (rng.bounded(2u) == 0)
            w.append(consonants[int(rng.bounded(quint32(consonants.size())))]);
        if (!seen.contains(w)) {
            seen.insert(w);
            m_words.append(w);
        }
    }
    // Short words are the frequent ones in real text.
    std::stable_sort(m_words.begin(), m_words.end(), [](const QString &a, const QString &b) { return a.size() < b.size(); });
    m_cumulative.reserve(size_t(vocabulary));
    double sum = 0;
    for (int r = 0; r < vocabulary; ++r) {
        sum += 1.0 / double(r + 1);
        m_cumulative.push_back(sum);
    }
}

const QString &SearchCorpus::frequentWord(QRandomGenerator &rng) const
{
    const double x = rng.generateDouble() * m_cumulative.back();
    const auto it = std::lower_bound(m_cumulative.begin(), m_cumulative.end(), x);
    return m_words[qsizetype(std::min<std::ptrdiff_t>(it - m_cumulative.begin(), m_words.size() - 1))];
}

QString SearchCorpus::message(QRandomGenerator &rng) const
{
    const int n = 4 + int(rng.bounded(11u));
    QString text;
    for (int i = 0; i < n; ++i) {
        if (i > 0)
            text.append(u' ');
        text.append(frequentWord(rng));
    }
    return text;
}

QString SearchCorpus::query(QueryClass kind, QRandomGenerator &rng) const
{
    switch (kind) {
    case QueryClass::Common:
        return m_words[int(rng.bounded(20u))];
    case QueryClass::Word:
        return frequentWord(rng);
    case QueryClass::Rare:
        return m_words[int(rng.bounded(quint32(m_words.size())))];
    case QueryClass::Prefix:
        for (;;) {
            const QString &w = frequentWord(rng);
            if (w.size() > 3)
                return w.left(3);
        }
    case QueryClass::TwoWords:
        for (;;) {
            const QString a = frequentWord(rng), b = frequentWord(rng);
            if (a != b)
                return a + u' ' + b;
        }
    }
    return {};
}

QString SearchCorpus::className(QueryClass kind)
{
    switch (kind) {
    case QueryClass::Common:
        return u"common"_s;
    case QueryClass::Word:
        return u"word"_s;
    case QueryClass::Rare:
        return u"rare"_s;
    case QueryClass::Prefix:
        return u"prefix"_s;
    case QueryClass::TwoWords:
        return u"two-words"_s;
    }
    return {};
}

bool SearchCorpus::matches(const QString &query, const QString &text)
{
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    const QStringList terms = query.split(u' ', Qt::SkipEmptyParts);
    return std::all_of(terms.begin(), terms.end(), [&](const QString &t) {
        return std::any_of(words.begin(), words.end(), [&](const QString &w) { return w.startsWith(t); });
    });
}
