#include "banter/CallEvent.h"

#include <QCoreApplication>

#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void *addr);
extern "C" void __tsan_release(void *addr);
#define BANTER_TSAN_RELEASE(addr) __tsan_release(addr)
#define BANTER_TSAN_ACQUIRE(addr) __tsan_acquire(addr)
#else
#define BANTER_TSAN_RELEASE(addr) ((void)(addr))
#define BANTER_TSAN_ACQUIRE(addr) ((void)(addr))
#endif

namespace Banter {

CallEvent::CallEvent(std::function<void()> function) : QEvent(eventType()), m_function(std::move(function)) {}

QEvent::Type CallEvent::eventType()
{
    static const auto type = QEvent::Type(QEvent::registerEventType());
    return type;
}

void CallEvent::post(QObject *receiver, std::function<void()> function)
{
    auto *e = new CallEvent(std::move(function));
    BANTER_TSAN_RELEASE(e);
    QCoreApplication::postEvent(receiver, e);
}

bool CallEvent::handle(QEvent *e)
{
    if (e->type() != eventType())
        return false;
    BANTER_TSAN_ACQUIRE(e);
    auto *call = static_cast<CallEvent *>(e);
    if (call->m_function)
        call->m_function();
    return true;
}

} // namespace Banter
