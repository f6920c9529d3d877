#include "support/BanterdProcess.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

#include <csignal>
#include <sys/prctl.h>

using namespace Qt::StringLiterals;

namespace Banter::Test {

BanterdProcess::BanterdProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    // A test that aborts (a failed assertion, a crash) does not run its destructors: banterd goes with it rather
    // than serve on, unseen, after the run.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

BanterdProcess::~BanterdProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool BanterdProcess::start(const QUrl &database, const QStringList &extraArgs, int timeoutMs)
{
    QStringList args{u"--database-url"_s, database.toString(), u"--port"_s, u"0"_s, u"--data-dir"_s, m_dataDir.path()};
    args << extraArgs;
    m_process.start(QStringLiteral(BANTERD_PATH), args);
    static const QRegularExpression listening(u"listening on http://([0-9.]+):(\\d+)"_s);
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process.state() == QProcess::NotRunning && !m_process.bytesAvailable())
            return false;
        m_process.waitForReadyRead(100);
        m_output += QString::fromUtf8(m_process.readAll());
        const auto match = listening.match(m_output);
        if (match.hasMatch()) {
            m_port = quint16(match.captured(2).toUInt());
            m_baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
            return true;
        }
        if (m_process.state() == QProcess::NotRunning)
            return false;
    }
    return false;
}

int BanterdProcess::waitForExit(int timeoutMs)
{
    if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(timeoutMs))
        return -1;
    m_output += QString::fromUtf8(m_process.readAll());
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

int BanterdProcess::terminate(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return waitForExit(0);
    m_process.terminate();
    const int code = waitForExit(timeoutMs);
    if (code == -1 && m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    return code;
}

} // namespace Banter::Test
