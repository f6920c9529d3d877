// What the search index is made of (server/service/SearchTokens): normalisation, words in any script,
// prefixes, and keyed hashes that differ per key and per conversation.
#include "service/SearchTokens.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Banter::Server::SearchTokens;

class TestSearchTokens : public QObject
{
    Q_OBJECT
private slots:
    void words_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("case and punctuation") << u"Hello, WORLD! It's 2026."_s << QStringList{u"hello"_s, u"world"_s, u"it"_s, u"s"_s, u"2026"_s};
        QTest::newRow("accents") << u"Crème brûlée à Zürich"_s << QStringList{u"creme"_s, u"brulee"_s, u"a"_s, u"zurich"_s};
        QTest::newRow("German sharp s folds") << u"Straße STRASSE"_s << QStringList{u"strasse"_s, u"strasse"_s};
        QTest::newRow("Cyrillic and Greek") << u"Привет Ἀθῆναι"_s << QStringList{u"привет"_s, u"αθηναι"_s};
        QTest::newRow("Han as pairs") << u"東京都に行く"_s << QStringList{u"東京"_s, u"京都"_s, u"都に"_s, u"に行"_s, u"行く"_s};
        QTest::newRow("mixed scripts split") << u"Tokyo東京"_s << QStringList{u"tokyo"_s, u"東京"_s};
        QTest::newRow("full-width folds") << u"ＡＢＣ１２"_s << QStringList{u"abc12"_s};
        QTest::newRow("emoji are not words") << u"🎉 party 🎉"_s << QStringList{u"party"_s};
        QTest::newRow("empty") << QString() << QStringList{};
    }
    void words()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, words);
        QCOMPARE(SearchTokens::words(text), words);
    }

    void prefixesAreDistinctAndBounded()
    {
        QCOMPARE(SearchTokens::prefixes(u"hello help"_s),
                 (QStringList{u"he"_s, u"hel"_s, u"hell"_s, u"hello"_s, u"help"_s}));
        const QStringList longWord = SearchTokens::prefixes(QString(40, u'x'));
        QCOMPARE(longWord.size(), SearchTokens::MaxPrefix - 1); // 2..16
        QString many;
        for (int i = 0; i < 2000; ++i)
            many += u"w"_s + QString::number(i * 7919) + u"abcdefghijkl "_s;
        QCOMPARE(SearchTokens::prefixes(many).size(), SearchTokens::MaxTokensPerMessage);
    }

    void queryTermsMatchWhatWasIndexed()
    {
        QCOMPARE(SearchTokens::queryTerms(u"  BRÛ  a  zu "_s), (QStringList{u"bru"_s, u"zu"_s}));
        QCOMPARE(SearchTokens::queryTerms(u"x"_s), QStringList{});
        const QString long40(40, u'q');
        QCOMPARE(SearchTokens::queryTerms(long40), QStringList{QString(SearchTokens::MaxPrefix, u'q')});
        for (const QString &term : SearchTokens::queryTerms(u"Crème Brûlée"_s))
            QVERIFY(SearchTokens::prefixes(u"creme brulee"_s).contains(term));
    }

    void hashesAreKeyedAndPerConversation()
    {
        const SearchTokens a(QByteArray(32, 'a'));
        const SearchTokens b(QByteArray(32, 'b'));
        QCOMPARE(a.hash(1, u"hello"_s).size(), 16);
        QCOMPARE(a.hash(1, u"hello"_s), a.hash(1, u"hello"_s));
        QVERIFY(a.hash(1, u"hello"_s) != b.hash(1, u"hello"_s));
        QVERIFY(a.hash(1, u"hello"_s) != a.hash(2, u"hello"_s));
        QVERIFY(a.hash(12, u"3x"_s) != a.hash(1, u"23x"_s)); // the separator keeps the fields apart
        const QList<QByteArray> tokens = a.indexTokens(7, u"secret words"_s);
        QCOMPARE(tokens.size(), SearchTokens::prefixes(u"secret words"_s).size());
        for (const QByteArray &t : tokens) {
            QVERIFY(!t.contains("secret"));
            QVERIFY(!t.contains("words"));
        }
    }
};

QTEST_GUILESS_MAIN(TestSearchTokens)
#include "tst_search_tokens.moc"
