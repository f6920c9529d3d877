// How banterd's pools hand results back (banter/HomeLoop.h) and chain() (server/service/ServiceFutures.h), the
// replacement for .then().unwrap(). Qt 6.8 runs a continuation twice when it is attached while another thread
// finishes its future (banterd crashed so); pools therefore finish their promises on the asker's event loop.
// Here plain threads do the work at varying moments around the attach, as database threads do.
#include "service/ServiceFutures.h"

#include <banter/HomeLoop.h>

#include <QCoreApplication>
#include <QTest>

#include <atomic>
#include <thread>

using namespace Banter::Server;

namespace {

// A future whose work a plain thread does after `spin` busy iterations, handed back through the asking
// thread's loop, as DbExecutor, MessageWriter and PasswordHashPool do.
QFuture<int> workedElsewhere(int value, int spin, std::vector<std::thread> &threads)
{
    auto promise = std::make_shared<QPromise<int>>();
    QFuture<int> f = promise->future();
    promise->start();
    threads.emplace_back([promise, value, spin, home = Banter::HomeLoop::current()] {
        std::atomic<int> k{0};
        while (k.fetch_add(1, std::memory_order_relaxed) < spin) {
        }
        home.finish(promise, value);
    });
    return f;
}

} // namespace

class TestServiceFutures : public QObject
{
    Q_OBJECT

private slots:
    // Both steps are worked on other threads, done at varying moments around the attach; every chain must
    // deliver exactly once, the right value, on the context's thread; a plain continuation as well.
    void chainRunsEachStepOnceUnderRaces()
    {
        QObject context;
        const int rounds = 3000;
        std::atomic<int> firstSteps{0};
        std::atomic<int> wrongThread{0};
        int delivered = 0;
        int wrong = 0;
        std::atomic<int> plain{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < rounds; ++i) {
            const int spin = (i * 7919) % 3000;
            chain(&context, workedElsewhere(i, spin, threads),
                  [&, spin](const int &v) {
                      firstSteps.fetch_add(1);
                      if (QThread::currentThread() != context.thread())
                          wrongThread.fetch_add(1);
                      return workedElsewhere(v * 2, spin / 2, threads);
                  })
                .then(&context, [&, i](int r) {
                    ++delivered;
                    if (r != i * 2)
                        ++wrong;
                });
            workedElsewhere(i, spin, threads).then([&plain](int) { plain.fetch_add(1); });
            if (i % 200 == 199) { // keep the number of live threads small
                QCoreApplication::processEvents();
                for (auto &t : threads)
                    t.join();
                threads.clear();
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(delivered, rounds, 60000);
        QCoreApplication::processEvents();
        for (auto &t : threads)
            t.join();
        QTRY_COMPARE(plain.load(), rounds);
        QCOMPARE(firstSteps.load(), rounds);
        QCOMPARE(delivered, rounds);
        QCOMPARE(wrong, 0);
        QCOMPARE(wrongThread.load(), 0);
    }

    // The context going away before the first step finished: the chain's future is cancelled, not left pending
    // (ApiRouter answers a cancelled request with 500 instead of never).
    void chainIsCancelledWhenContextDies()
    {
        auto promise = std::make_shared<QPromise<int>>();
        promise->start();
        auto context = std::make_unique<QObject>();
        bool ran = false;
        QFuture<int> f = chain(context.get(), promise->future(), [&ran](const int &v) {
            ran = true;
            return QtFuture::makeReadyValueFuture(v);
        });
        context.reset();
        promise->addResult(1);
        promise->finish();
        QTRY_VERIFY(f.isFinished());
        QVERIFY(f.isCanceled());
        QVERIFY(!ran);
    }
};

QTEST_GUILESS_MAIN(TestServiceFutures)
#include "tst_service_futures.moc"
