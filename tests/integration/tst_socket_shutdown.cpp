// Shutdown order of the socket layer, in process: after SocketGateway::stopThreads() the hub must reach no
// worker. Each worker is deleted on its own thread as that thread finishes, while services (a socket thread's
// presence continuation, the writer, the database threads) may still fan out through the hub. Before the fix the
// hub kept its raw worker list: ASan caught `heap-use-after-free in SocketHub::post` (banter-socket-1 posting a
// user's offline presence to the worker banter-socket-0 had just deleted), the heap corruption behind the one
// segfault of the baseline banterd at shutdown (BENCHMARKS.md). This test posts through the hub after the stop;
// with the old order it reads freed workers, which the ASan build of the tests reports.
#include "http/LimitedTcpServer.h"
#include "realtime/ConnectionRegistry.h"
#include "realtime/EventRouter.h"
#include "http/CorsPolicy.h"
#include "realtime/SocketGateway.h"

#include <QHttpServer>
#include "bus/LocalBus.h"
#include "realtime/SocketHub.h"
#include "service/Authenticator.h"
#include "service/PresenceService.h"
#include "storage/DbExecutor.h"
#include "support/PgFixture.h"

#include <banter/ErrorCode.h>

#include <QDateTime>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Banter::Server;
using Banter::Test::PgFixture;
namespace ErrorCode = Banter::ErrorCode;
using Banter::makeError;
using Banter::Result;

namespace {

// The gateway needs one; nothing connects in this test.
class NobodyAuthenticator : public Authenticator
{
public:
    QFuture<Result<Principal>> authenticate(const QString &) override
    {
        return QtFuture::makeReadyValueFuture(Result<Principal>(makeError(ErrorCode::Unauthorized, u"no"_s)));
    }
};

} // namespace

class TestSocketShutdown : public QObject
{
    Q_OBJECT
    PgFixture m_pg;

private slots:
    void initTestCase() { QVERIFY2(m_pg.available(), "the pg fixture is not running"); }

    void hubReachesNoWorkerAfterTheSocketThreadsStop()
    {
        for (int round = 0; round < 3; ++round) {
            LocalBus bus;
            SocketHub hub(bus);
            DbExecutor db(ConnectionFactory(m_pg.createDatabase()), 1);
            PresenceService presence(db, hub);
            ConnectionRegistry registry(hub);
            EventRouter router;
            NobodyAuthenticator authenticator;
            LimitedTcpServer tcp(50, 100, HttpLimits{});
            RealtimeSettings settings;
            settings.threads = 3;
            QHttpServer http;
            CorsPolicy cors;
            SocketGateway gateway(http, tcp, cors, settings, router, authenticator, presence, bus, registry);
            QCOMPARE(gateway.connectionCount(), 0);

            gateway.stopThreads(); // the socket threads finish; each deletes its worker

            // What a service still running at that moment does: fan out a presence change, end a session.
            hub.presenceChanged(42, false, QDateTime::currentDateTimeUtc(), {42, 43});
            hub.typingChanged(7, 42, false);
            hub.userSessionsEnded(42);
            hub.sessionEnded(u"s-1"_s);
            db.shutdown();
        }
    }
};

QTEST_GUILESS_MAIN(TestSocketShutdown)
#include "tst_socket_shutdown.moc"
