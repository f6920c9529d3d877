// Shared by the console tests: a banterd with an admin made by `banterd --create-admin`, users registered over
// HTTP, and banter-console runs as a child process (no display).
#pragma once

#include "support/BanterdProcess.h"
#include "support/HttpClient.h"
#include "support/PgFixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <memory>

namespace Banter::Test {

struct TestUser
{
    QString id;
    QString username;
    QString token;
    QString refreshToken;
};

class AdminServer
{
public:
    static inline const QString AdminName = QStringLiteral("root");
    static inline const QString AdminPassword = QStringLiteral("root password 1");
    static inline const QString UserPassword = QStringLiteral("correct horse");

    explicit AdminServer(PgFixture &pg) : m_pg(pg) {}

    // banterd with limits that a test's many logins would hit, then the admin; false with the reason logged.
    bool start()
    {
        using namespace Qt::StringLiterals;
        m_db = m_pg.createDatabase();
        m_banterd = std::make_unique<BanterdProcess>();
        if (!m_banterd->start(m_db, fastArguments())) {
            qWarning().noquote() << "banterd did not start:" << m_banterd->output();
            return false;
        }
        QProcess create;
        create.setProcessChannelMode(QProcess::MergedChannels);
        create.start(QStringLiteral(BANTERD_PATH),
                     {u"--create-admin"_s, AdminName, u"--database-url"_s, m_db.toString(), u"--data-dir"_s,
                      m_banterd->dataDir(), u"--argon2-memory-kib"_s, u"1024"_s, u"--argon2-iterations"_s, u"1"_s});
        create.write((AdminPassword + u'\n').toUtf8());
        create.closeWriteChannel();
        if (!create.waitForFinished(30000) || create.exitStatus() != QProcess::NormalExit || create.exitCode() != 0) {
            qWarning().noquote() << "banterd --create-admin failed:" << create.exitCode() << create.readAll();
            return false;
        }
        m_createAdminOutput = QString::fromUtf8(create.readAll());
        return true;
    }

    // Stops banterd and starts it again on the same port and data dir (same keys, same database).
    bool restart()
    {
        using namespace Qt::StringLiterals;
        const quint16 port = m_banterd->port();
        const QString dataDir = m_banterd->dataDir();
        if (m_banterd->terminate() != 0)
            return false;
        m_stopped.push_back(std::move(m_banterd)); // keeps its data dir alive
        m_banterd = std::make_unique<BanterdProcess>();
        QStringList args = fastArguments();
        args << u"--port"_s << QString::number(port) << u"--data-dir"_s << dataDir;
        if (!m_banterd->start(m_db, args)) {
            qWarning().noquote() << "banterd did not restart:" << m_banterd->output();
            return false;
        }
        return true;
    }

    QUrl url() const { return m_banterd->baseUrl(); }
    QString server() const { return url().toString(); }
    BanterdProcess &banterd() { return *m_banterd; }
    QUrl database() const { return m_db; }
    QString createAdminOutput() const { return m_createAdminOutput; }

    TestUser registerUser(const QString &name)
    {
        using namespace Qt::StringLiterals;
        HttpClient http(url());
        const HttpReply r = http.post(u"/api/auth/register"_s, {{u"username"_s, name}, {u"password"_s, UserPassword}});
        if (r.status != 201)
            qWarning() << "register failed" << r.status << r.body;
        const QJsonObject user = r.json.value(u"user"_s).toObject();
        return {user.value(u"id"_s).toString(), name, r.json.value(u"token"_s).toString(),
                r.json.value(u"refreshToken"_s).toString()};
    }

    TestUser login(const QString &name, const QString &password)
    {
        using namespace Qt::StringLiterals;
        HttpClient http(url());
        const HttpReply r = http.post(u"/api/auth/login"_s, {{u"username"_s, name}, {u"password"_s, password}});
        const QJsonObject user = r.json.value(u"user"_s).toObject();
        return {user.value(u"id"_s).toString(), name, r.json.value(u"token"_s).toString(),
                r.json.value(u"refreshToken"_s).toString()};
    }

    std::unique_ptr<HttpClient> http(const QString &token = {})
    {
        auto client = std::make_unique<HttpClient>(url());
        client->setToken(token);
        return client;
    }

private:
    static QStringList fastArguments()
    {
        using namespace Qt::StringLiterals;
        return {u"--auth-rate-limit"_s, u"1000"_s, u"--login-rate-limit"_s, u"1000"_s, u"--argon2-memory-kib"_s, u"1024"_s,
                u"--argon2-iterations"_s, u"1"_s, u"--http-rate-limit"_s, u"100000"_s, u"--user-rate-limit"_s, u"100000"_s};
    }

    PgFixture &m_pg;
    std::vector<std::unique_ptr<BanterdProcess>> m_stopped;
    QUrl m_db;
    std::unique_ptr<BanterdProcess> m_banterd;
    QString m_createAdminOutput;
};

// One finished banter-console run.
struct ConsoleRun
{
    int code = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    QString both() const { return out + err; }
};

// The environment banter-console runs in: C locale, no display, no inherited BANTER_* credentials.
inline QProcessEnvironment consoleEnvironment(const QString &user = {}, const QString &password = {})
{
    using namespace Qt::StringLiterals;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"LANG"_s, u"C.UTF-8"_s);
    env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    env.remove(u"DISPLAY"_s);
    env.remove(u"QT_QPA_PLATFORM"_s);
    for (const QString &name : {u"BANTER_USER"_s, u"BANTER_PASSWORD"_s, u"BANTER_TOTP"_s, u"BANTER_SERVER"_s})
        env.remove(name);
    if (!user.isEmpty())
        env.insert(u"BANTER_USER"_s, user);
    if (!password.isEmpty())
        env.insert(u"BANTER_PASSWORD"_s, password);
    return env;
}

inline ConsoleRun runConsole(const QStringList &args, const QProcessEnvironment &env, const QByteArray &stdinData = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(BANTER_CONSOLE_PATH), args);
    if (!p.waitForStarted(10000))
        return {};
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return {-1, QString::fromUtf8(p.readAllStandardOutput()), QStringLiteral("timeout")};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace Banter::Test
