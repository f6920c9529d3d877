#pragma once

#include <QEvent>
#include <QObject>

#include <functional>

namespace Banter {

// A function to run on the thread of the object it is posted to: what QMetaObject::invokeMethod(obj, f,
// Qt::QueuedConnection) does, for every hand-over between banterd's threads, plus the happens-before edge
// ThreadSanitizer cannot see otherwise. Qt's event queue is guarded by a futex-based QMutex inside the
// (uninstrumented) QtCore, so to TSan everything a poster wrote before posting looks unsynchronised with
// what the receiver reads; post() announces a release on the event after the event and the function are
// built, and run() the matching acquire before the function runs. Outside TSan builds both are no-ops.
//
// The receiver handles it in event(): `if (CallEvent::handle(e)) return true;` (or is a Mailbox).
class CallEvent : public QEvent
{
public:
    static void post(QObject *receiver, std::function<void()> function);
    // Runs e if it is a CallEvent (true), else false.
    static bool handle(QEvent *e);

private:
    explicit CallEvent(std::function<void()> function);
    static QEvent::Type eventType();

    std::function<void()> m_function;
};

// A QObject that only runs CallEvents: one per thread for HomeLoop, for threads whose objects are not ours.
class Mailbox : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

protected:
    bool event(QEvent *e) override { return CallEvent::handle(e) || QObject::event(e); }
};

} // namespace Banter
