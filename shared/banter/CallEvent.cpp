#include "banter/CallEvent.h"

#include <QCoreApplication>

#include "banter/Tsan.h"

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
    Tsan::release(e);
    QCoreApplication::postEvent(receiver, e);
}

bool CallEvent::handle(QEvent *e)
{
    Tsan::acquire(e); // before reading even its type, which the poster wrote
    if (e->type() != eventType())
        return false;
    auto *call = static_cast<CallEvent *>(e);
    if (call->m_function)
        call->m_function();
    return true;
}

} // namespace Banter
