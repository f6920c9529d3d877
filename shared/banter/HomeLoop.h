#pragma once

#include <banter/CallEvent.h>

#include <QObject>
#include <QPointer>
#include <QPromise>

#include <memory>
#include <type_traits>

namespace Banter {

// The event loop a worker thread's result goes back to: the one of the thread that asked for the work.
//
// Qt 6.8 cannot attach a continuation to a QFuture while another thread finishes it: attached in the window
// between the state change to Finished and runContinuation(), the continuation runs twice, the second time on
// moved-from state. That holds for .then(f), .then(context, f) (6.8's context continuations go through the
// same setContinuation()) and .unwrap() alike; banterd crashed so in QFutureInterfaceBase::reportStarted, in
// the soak and under ASan. The fix in Qt (continuationExecuted) came after 6.8. So a pool never finishes a
// promise itself: it hands the result to the asker's event loop, which finishes it. The asker attaches its
// continuations in the same call that started the work, on that same thread, so attaching and finishing can no
// longer overlap. On a thread without an event loop (tests, other pools) the promise is finished directly.
// The hand-over is a CallEvent, so ThreadSanitizer sees it too.
class HomeLoop
{
public:
    // The calling thread's loop, if it runs one (it then gets a Mailbox: one per thread, made on first use,
    // deleted when the thread finishes or, on the main thread, with the application).
    static HomeLoop current();

    // Adds value to promise and finishes it, on the home loop. If that loop is gone (its thread ended during
    // shutdown) the promise is dropped, which cancels its future.
    template <typename T>
    void finish(std::shared_ptr<QPromise<T>> promise, std::type_identity_t<T> value) const
    {
        if (!m_hadLoop) {
            promise->addResult(std::move(value));
            promise->finish();
            return;
        }
        QObject *mailbox = m_mailbox.data();
        if (!mailbox)
            return;
        // std::function needs a copyable callable: the value travels in a shared_ptr.
        auto result = std::make_shared<T>(std::move(value));
        CallEvent::post(mailbox, [promise = std::move(promise), result] {
            promise->addResult(std::move(*result));
            promise->finish();
        });
    }

private:
    explicit HomeLoop(QObject *mailbox) : m_mailbox(mailbox), m_hadLoop(mailbox != nullptr) {}

    QPointer<QObject> m_mailbox;
    bool m_hadLoop;
};

} // namespace Banter
