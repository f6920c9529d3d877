// The pure rules of the notification fan-out (issue #12): which names a text @mentions, and quiet hours across
// midnight and time zones (DST included). The rest of the fan-out is tested against a real banterd
// (compat notification-list, hardening.push).
#include "service/NotificationFanout.h"

#include <QTest>
#include <QTimeZone>

using namespace Banter::Server;
using namespace Qt::StringLiterals;

class TestNotificationRules : public QObject
{
    Q_OBJECT
private slots:
    void mentions_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("plain") << u"hi @bob"_s << QStringList{u"bob"_s};
        QTest::newRow("case") << u"hi @BoB_1"_s << QStringList{u"bob_1"_s};
        QTest::newRow("sentence end") << u"ask @bob."_s << QStringList{u"bob."_s, u"bob"_s};
        QTest::newRow("dots inside") << u"@j.doe, look"_s << QStringList{u"j.doe"_s};
        QTest::newRow("two, repeated") << u"@ann and @bob and @ann"_s << QStringList{u"ann"_s, u"bob"_s};
        QTest::newRow("an address is no mention") << u"mail me: bob@example.org"_s << QStringList{};
        QTest::newRow("too short") << u"@ab"_s << QStringList{};
        QTest::newRow("too long") << (u"@"_s + QString(33, u'x')) << QStringList{};
        QTest::newRow("alone") << u"@ @@ @"_s << QStringList{};
        QTest::newRow("punctuation after") << u"(@carol)!"_s << QStringList{u"carol"_s};
        QTest::newRow("unicode is not a name char") << u"@zoë"_s << QStringList{};
    }
    void mentions()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, names);
        QCOMPARE(NotificationFanout::mentionedNames(text), names);
    }

    void quietHours()
    {
        const auto at = [](const char *iso) { return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate); };
        // Across midnight, in UTC.
        QVERIFY(NotificationFanout::inQuietHours(u"22:00"_s, u"07:00"_s, u"UTC"_s, at("2026-12-07T23:30:00Z")));
        QVERIFY(NotificationFanout::inQuietHours(u"22:00"_s, u"07:00"_s, u"UTC"_s, at("2026-12-07T06:59:00Z")));
        QVERIFY(!NotificationFanout::inQuietHours(u"22:00"_s, u"07:00"_s, u"UTC"_s, at("2026-12-07T07:00:00Z")));
        QVERIFY(!NotificationFanout::inQuietHours(u"22:00"_s, u"07:00"_s, u"UTC"_s, at("2026-12-07T12:00:00Z")));
        // Within one day.
        QVERIFY(NotificationFanout::inQuietHours(u"13:00"_s, u"14:00"_s, u"UTC"_s, at("2026-12-07T13:15:00Z")));
        QVERIFY(!NotificationFanout::inQuietHours(u"13:00"_s, u"14:00"_s, u"UTC"_s, at("2026-12-07T14:15:00Z")));
        // The zone's local time: 21:30 UTC is 22:30 in Berlin in winter (quiet), 23:30 in summer (quiet), and
        // 06:30 UTC is 07:30 in Berlin in winter (not quiet any more).
        QVERIFY(NotificationFanout::inQuietHours(u"22:00"_s, u"07:00"_s, u"Europe/Berlin"_s, at("2026-12-07T21:30:00Z")));
        QVERIFY(NotificationFanout::inQuietHours(u"22:00"_s, u"07:00"_s, u"Europe/Berlin"_s, at("2026-07-07T21:30:00Z")));
        QVERIFY(!NotificationFanout::inQuietHours(u"22:00"_s, u"07:00"_s, u"Europe/Berlin"_s, at("2026-12-07T06:30:00Z")));
        QVERIFY(!NotificationFanout::inQuietHours(u"22:00"_s, u"07:00"_s, u"UTC"_s, at("2026-12-07T21:30:00Z")));
        // Nothing quiet for equal or broken times.
        QVERIFY(!NotificationFanout::inQuietHours(u"08:00"_s, u"08:00"_s, u"UTC"_s, at("2026-12-07T08:00:00Z")));
        QVERIFY(!NotificationFanout::inQuietHours(u"x"_s, u"08:00"_s, u"UTC"_s, at("2026-12-07T07:00:00Z")));
    }

    void fanoutPayloadRoundTrip()
    {
        FanoutInput in;
        in.messageIds = {5, 9};
        in.reactions = {{1, 9, 3}};
        in.added = {{1, 4, 3}};
        const FanoutInput out = FanoutInput::fromJson(in.toJson());
        QCOMPARE(out.messageIds, in.messageIds);
        QCOMPARE(out.reactions.size(), 1);
        QCOMPARE(out.reactions[0].messageId, 9);
        QCOMPARE(out.added[0].userId, 4);
        QVERIFY(FanoutInput::fromJson({}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNotificationRules)
#include "tst_notification_rules.moc"
