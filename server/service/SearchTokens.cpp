#include "service/SearchTokens.h"

#include <QMessageAuthenticationCode>

namespace Banter::Server {
namespace {

bool unspaced(char32_t c)
{
    switch (QChar::script(c)) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
    case QChar::Script_Thai:
    case QChar::Script_Lao:
    case QChar::Script_Khmer:
    case QChar::Script_Myanmar:
    case QChar::Script_Tibetan:
        return true;
    default:
        return false;
    }
}

bool isMark(char32_t c)
{
    const auto cat = QChar::category(c);
    return cat == QChar::Mark_NonSpacing || cat == QChar::Mark_SpacingCombining || cat == QChar::Mark_Enclosing;
}

QString fromCodePoints(const QList<uint> &cps, qsizetype from, qsizetype n)
{
    QString out;
    for (qsizetype i = from; i < from + n; ++i)
        out.append(QStringView(QChar::fromUcs4(cps[i])));
    return out;
}

} // namespace

QStringList SearchTokens::words(const QString &text)
{
    // Qt folds case one character to one; full folding also turns ß (and ẞ) into ss.
    const QString folded = text.normalized(QString::NormalizationForm_KD)
                               .toCaseFolded()
                               .replace(QChar(0x00DF), QLatin1StringView("ss"))
                               .replace(QChar(0x1E9E), QLatin1StringView("ss"));
    QList<uint> cps;
    for (uint c : folded.toUcs4())
        if (!isMark(c))
            cps.append(c);
    QStringList out;
    qsizetype i = 0;
    while (i < cps.size()) {
        if (!QChar::isLetterOrNumber(cps[i])) {
            ++i;
            continue;
        }
        qsizetype j = i;
        const bool cjk = unspaced(cps[i]);
        while (j < cps.size() && QChar::isLetterOrNumber(cps[j]) && unspaced(cps[j]) == cjk)
            ++j;
        if (cjk) {
            if (j - i == 1)
                out.append(fromCodePoints(cps, i, 1));
            for (qsizetype k = i; k + 1 < j; ++k)
                out.append(fromCodePoints(cps, k, 2)); // overlapping pairs
        } else {
            out.append(fromCodePoints(cps, i, j - i));
        }
        i = j;
    }
    return out;
}

QStringList SearchTokens::prefixes(const QString &text)
{
    QSet<QString> seen;
    QStringList out;
    for (const QString &word : words(text)) {
        const QList<uint> cps = word.toUcs4();
        for (qsizetype n = MinChars; n <= qMin<qsizetype>(cps.size(), MaxPrefix); ++n) {
            QString p = fromCodePoints(cps, 0, n);
            if (seen.contains(p))
                continue;
            if (out.size() >= MaxTokensPerMessage)
                return out;
            seen.insert(p);
            out.append(std::move(p));
        }
    }
    return out;
}

QStringList SearchTokens::queryTerms(const QString &query)
{
    QStringList out;
    for (const QString &word : words(query)) {
        const QList<uint> cps = word.toUcs4();
        if (cps.size() < MinChars)
            continue;
        const QString term = fromCodePoints(cps, 0, qMin<qsizetype>(cps.size(), MaxPrefix));
        if (!out.contains(term))
            out.append(term);
    }
    return out;
}

QByteArray SearchTokens::hash(qint64 conversationId, const QString &prefix) const
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, m_key);
    mac.addData(QByteArray::number(conversationId));
    mac.addData(QByteArrayView("\x1f", 1));
    mac.addData(prefix.toUtf8());
    return mac.result().left(16);
}

QList<QByteArray> SearchTokens::indexTokens(qint64 conversationId, const QString &text) const
{
    QList<QByteArray> out;
    const QStringList all = prefixes(text);
    out.reserve(all.size());
    for (const QString &p : all)
        out.append(hash(conversationId, p));
    return out;
}

} // namespace Banter::Server
