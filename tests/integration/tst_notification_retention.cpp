// The notification retention sweep (issue #12, --notification-retention-days) against a real PostgreSQL:
// NotificationService removes every notification older than the retention, in batches of PurgeBatch (more than
// one batch here), keeps younger ones, drops push windows that ended long ago, and says what it removed.
#include "service/NotificationEvents.h"
#include "service/NotificationService.h"
#include "storage/DbExecutor.h"
#include "storage/DbSession.h"
#include "storage/Migrator.h"
#include "support/PgFixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Banter::Server;
using Banter::Test::PgFixture;
using namespace std::chrono_literals;

namespace {

class NoEvents : public NotificationEvents
{
public:
    void notificationsCreated(const QList<StoredNotification> &) override {}
    void notificationsRead(qint64, const QJsonObject &) override {}
};

} // namespace

class TestNotificationRetention : public QObject
{
    Q_OBJECT
    PgFixture m_pg;

    static qint64 scalar(DbSession &db, const QString &sql)
    {
        auto v = db.scalarText(sql);
        if (!v)
            qWarning() << v.error().message;
        return v ? v.value().toLongLong() : -1;
    }

    static void insertNotifications(DbSession &db, qint64 user, int count, const QString &age)
    {
        auto r = db.execText(u"INSERT INTO notifications (user_id, kind, created_at) SELECT %1, 'mention', "
                             "now() - interval '%2' - g * interval '1 millisecond' FROM generate_series(1, %3) g"_s
                                 .arg(user)
                                 .arg(age)
                                 .arg(count));
        QVERIFY2(r, r ? "" : qPrintable(r.error().message));
    }

    static std::pair<qint64, bool> sweepOnce(NotificationService &service)
    {
        QSignalSpy spy(&service, &NotificationService::swept);
        service.sweep();
        if (!spy.wait(60000))
            return {-1, true};
        return {spy.at(0).at(0).toLongLong(), spy.at(0).at(1).toBool()};
    }

private slots:
    void initTestCase() { QVERIFY2(m_pg.available(), "the pg fixture is not running"); }

    void removesWhatIsOlderThanTheRetentionInBatches()
    {
        const QUrl url = m_pg.createDatabase();
        DbSession check{ConnectionFactory(url), u"retention-check"_s};
        auto migrated = Migrator(check).migrate();
        QVERIFY2(migrated, migrated ? "" : qPrintable(migrated.error().message));
        const qint64 alice = scalar(check, u"INSERT INTO users (username, display_name, password_hash) "
                                           "VALUES ('alice', 'Alice', 'x') RETURNING id"_s);
        const qint64 bob = scalar(check, u"INSERT INTO users (username, display_name, password_hash) "
                                         "VALUES ('bob', 'Bob', 'x') RETURNING id"_s);
        QVERIFY(alice > 0 && bob > 0);
        const int old = 2 * NotificationService::PurgeBatch + 123; // three batches
        insertNotifications(check, alice, old - 1000, u"91 days"_s);
        insertNotifications(check, bob, 1000, u"400 days"_s);
        insertNotifications(check, alice, 30, u"89 days"_s);
        insertNotifications(check, bob, 10, u"1 minute"_s);
        const qint64 conversation = scalar(check, u"INSERT INTO conversations (type, created_by) VALUES ('group', %1) "
                                                  "RETURNING id"_s.arg(alice));
        QVERIFY(conversation > 0);
        QVERIFY(check.execText(u"INSERT INTO push_windows (user_id, conversation_id, window_end) VALUES "
                               "(%1, %3, now() - interval '2 hours'), (%2, %3, now() + interval '5 seconds')"_s
                                   .arg(alice)
                                   .arg(bob)
                                   .arg(conversation)));

        DbExecutor db(ConnectionFactory(url), 1);
        NoEvents events;
        {
            NotificationService service(db, events, 90, 1h); // the timer does not fire during the test
            const auto [removed, failed] = sweepOnce(service);
            QVERIFY(!failed);
            QCOMPARE(removed, qint64(old));
            QCOMPARE(scalar(check, u"SELECT count(*) FROM notifications"_s), 40);
            QCOMPARE(scalar(check, u"SELECT count(*) FROM notifications WHERE created_at < now() - interval '90 days'"_s), 0);
            QCOMPARE(scalar(check, u"SELECT count(*) FROM push_windows"_s), 1); // the open window stays
            QCOMPARE(scalar(check, u"SELECT count(*) FROM push_windows WHERE user_id = %1"_s.arg(bob)), 1);

            // Nothing more to remove: a sweep says 0.
            const auto [again, failedAgain] = sweepOnce(service);
            QVERIFY(!failedAgain);
            QCOMPARE(again, qint64(0));
            QCOMPARE(scalar(check, u"SELECT count(*) FROM notifications"_s), 40);
        }
        {
            // A shorter retention (as --notification-retention-days 30 would give) takes the 89-day-old ones too.
            NotificationService service(db, events, 30, 1h);
            const auto [removed, failed] = sweepOnce(service);
            QVERIFY(!failed);
            QCOMPARE(removed, qint64(30));
            QCOMPARE(scalar(check, u"SELECT count(*) FROM notifications WHERE user_id = %1"_s.arg(bob)), 10);
            QCOMPARE(scalar(check, u"SELECT count(*) FROM notifications"_s), 10);
        }
        db.shutdown();
    }
};

QTEST_GUILESS_MAIN(TestNotificationRetention)
#include "tst_notification_retention.moc"
