#include "banter/HomeLoop.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QThread>

namespace Banter {

HomeLoop HomeLoop::current()
{
    thread_local QPointer<Mailbox> mailbox;
    if (!mailbox) {
        if (!QAbstractEventDispatcher::instance())
            return HomeLoop(nullptr);
        auto *box = new Mailbox;
        QThread *thread = QThread::currentThread();
        if (QCoreApplication *app = QCoreApplication::instance(); app && thread == app->thread())
            box->setParent(app);
        else // as SocketWorker: deleted on its thread as that finishes
            QObject::connect(thread, &QThread::finished, box, &QObject::deleteLater);
        mailbox = box;
    }
    return HomeLoop(mailbox.data());
}

} // namespace Banter
