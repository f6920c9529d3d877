#pragma once

#include <banter/Result.h>

#include <QFuture>
#include <QObject>
#include <QPromise>

#include <memory>
#include <optional>

namespace Banter::Server {

// The rules for futures in banterd (the reason: banter/HomeLoop.h — Qt 6.8 runs a continuation twice when it
// is attached while another thread finishes the future; banterd crashed so in QFutureInterfaceBase::
// reportStarted, in the soak and under ASan):
// - a pool never finishes a promise on its own thread, it hands the result to the asker's loop (HomeLoop), and
//   the asker attaches its continuations in the call that started the work;
// - every continuation names a context object (.then(context, f)), so it runs on a known thread;
// - nothing uses .unwrap() (its internal continuations have no context): chain() below instead.
// scripts/check-future-continuations (a test) enforces the last two.

// A future that has already failed: services reject bad input before any thread hop.
template <typename T>
QFuture<Result<T>> fail(Error e)
{
    return QtFuture::makeReadyValueFuture(Result<T>(std::move(e)));
}

namespace Detail {
template <typename>
struct FutureValue;
template <typename R>
struct FutureValue<QFuture<R>>
{
    using type = R;
};
} // namespace Detail

// future, then next(value) — which starts more work and returns its future — both on context's thread; the
// result is the future of that further work. This is .then(context, next).unwrap() without .unwrap(). If
// context is destroyed first, the result is cancelled.
template <typename T, typename F>
auto chain(QObject *context, QFuture<T> future, F next) -> std::invoke_result_t<F, const T &>
{
    using Next = std::invoke_result_t<F, const T &>;
    using R = typename Detail::FutureValue<Next>::type;
    auto promise = std::make_shared<QPromise<R>>();
    Next result = promise->future();
    promise->start();
    future.then(context, [context, promise, next = std::move(next)](const T &value) mutable {
        next(value).then(context, [promise](const R &r) {
            promise->addResult(r);
            promise->finish();
        });
    });
    return result;
}

// Client-supplied ids are decimal strings of positive bigints; anything else names nothing.
inline std::optional<qint64> parseId(const QString &id)
{
    bool ok = false;
    const qint64 n = id.toLongLong(&ok);
    return ok && n > 0 ? std::optional<qint64>(n) : std::nullopt;
}

} // namespace Banter::Server
