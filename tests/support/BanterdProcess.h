#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

namespace Banter::Test {

// A real banterd child process on a free loopback port.
class BanterdProcess
{
public:
    BanterdProcess();
    ~BanterdProcess();

    // Starts banterd with the database and extra arguments; waits until it listens (true) or exits (false).
    bool start(const QUrl &database, const QStringList &extraArgs = {}, int timeoutMs = 30000);
    // Sends SIGTERM and waits; returns the exit code (-1 if it had to be killed).
    int terminate(int timeoutMs = 15000);
    // Waits for the process to exit by itself; returns the exit code (-1 on timeout).
    int waitForExit(int timeoutMs = 15000);

    QUrl baseUrl() const { return m_baseUrl; }
    quint16 port() const { return m_port; }
    QString output() const { return m_output; }
    QString dataDir() const { return m_dataDir.path(); }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QTemporaryDir m_dataDir;
    QString m_output;
    QUrl m_baseUrl;
    quint16 m_port = 0;
};

} // namespace Banter::Test
