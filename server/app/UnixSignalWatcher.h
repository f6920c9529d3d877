#pragma once

#include <QObject>

class QSocketNotifier;

namespace Banter::Server {

// Turns SIGTERM/SIGINT into a Qt signal on the main thread (self-pipe trick).
class UnixSignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Banter::Server
