#include "core/CliContext.h"

#include "core/AdminLiveFeed.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <termios.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Banter::Console {

namespace {
volatile std::sig_atomic_t g_interrupted = 0;

void onInterrupt(int)
{
    g_interrupted = 1;
}

// One line from stdin without its line break; with echo off on a terminal.
QString readLine(bool hidden)
{
    termios saved{};
    const bool tty = hidden && ::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QByteArray line;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, stdin)) {
        line.append(buffer);
        if (line.endsWith('\n'))
            break;
    }
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fputc('\n', stderr);
    }
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}
} // namespace

CliContext::CliContext() : m_session(&m_network), m_api(&m_session) {}

CliContext::~CliContext() = default;

int CliContext::parse(QCommandLineParser &parser, const QStringList &arguments, const QString &synopsis,
                      const QString &description, int minPositional, int maxPositional, bool followable)
{
    m_parser = &parser;
    m_synopsis = synopsis;
    parser.setApplicationDescription(tr("banter-console %1\n\n%2").arg(synopsis, description));
    parser.addHelpOption();
    parser.addOption({u"server"_s, tr("Server URL (default $BANTER_SERVER or http://127.0.0.1:8080)."), u"url"_s});
    parser.addOption({u"user"_s, tr("Moderator or admin to log in as (default $BANTER_USER)."), u"name"_s});
    parser.addOption({u"password-stdin"_s, tr("Read the password from the first line of stdin (preferred, or set $BANTER_PASSWORD).")});
    parser.addOption({u"password"_s, tr("The password (visible to other local users: prefer --password-stdin or $BANTER_PASSWORD)."), u"password"_s});
    parser.addOption({u"totp"_s, tr("Two-factor code, when the account has 2FA (or $BANTER_TOTP)."), u"code"_s});
    parser.addOption({u"json"_s, tr("Print the result as JSON (the server's shapes; one object per line with --follow).")});
    parser.addOption({u"timeout"_s, tr("Seconds to wait for each request (default 15)."), u"s"_s, u"15"_s});
    parser.addOption({u"lang"_s, tr("Language (e.g. de)."), u"code"_s});
    if (followable)
        parser.addOption({u"follow"_s, tr("Keep running and print live changes until interrupted.")});
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(parser.helpText()));
        return Ok;
    }
    const qsizetype count = parser.positionalArguments().size();
    if (count < minPositional)
        return usage(tr("Missing arguments."));
    if (count > maxPositional)
        return usage(tr("Unexpected argument: %1").arg(parser.positionalArguments().value(maxPositional)));
    m_json = parser.isSet(u"json"_s);
    m_follow = followable && parser.isSet(u"follow"_s);

    QString serverText = parser.value(u"server"_s);
    if (serverText.isEmpty())
        serverText = qEnvironmentVariable("BANTER_SERVER", u"http://127.0.0.1:8080"_s);
    const QUrl server = QUrl::fromUserInput(serverText);
    if (!server.isValid() || (server.scheme() != "http"_L1 && server.scheme() != "https"_L1))
        return usage(tr("Invalid server URL: %1").arg(serverText));
    m_session.setServer(server);
    bool ok = false;
    const int timeout = parser.value(u"timeout"_s).toInt(&ok);
    if (!ok || timeout <= 0)
        return usage(tr("--timeout takes a positive number of seconds."));
    m_session.setRequestTimeout(timeout * 1000);
    return -1;
}

QString CliContext::readPassword()
{
    if (m_parser->isSet(u"password-stdin"_s))
        return readLine(false);
    if (m_parser->isSet(u"password"_s))
        return m_parser->value(u"password"_s);
    if (qEnvironmentVariableIsSet("BANTER_PASSWORD"))
        return qEnvironmentVariable("BANTER_PASSWORD");
    if (::isatty(STDIN_FILENO)) {
        std::fprintf(stderr, "%s", qPrintable(tr("Password: ")));
        std::fflush(stderr);
        return readLine(true);
    }
    return {};
}

int CliContext::login()
{
    QString user = m_parser->value(u"user"_s);
    if (user.isEmpty())
        user = qEnvironmentVariable("BANTER_USER");
    if (user.isEmpty())
        return usage(tr("No user: pass --user NAME or set BANTER_USER."));
    const QString password = readPassword();
    if (password.isEmpty())
        return usage(tr("No password: use --password-stdin or set BANTER_PASSWORD."));
    QString totp = m_parser->value(u"totp"_s);
    if (totp.isEmpty())
        totp = qEnvironmentVariable("BANTER_TOTP");

    std::optional<ApiResult<SessionUser>> result;
    QEventLoop loop;
    m_session.login(user, password, totp, &loop, [&](const ApiResult<SessionUser> &r) {
        result.emplace(r);
        loop.quit();
    });
    if (!result)
        loop.exec();
    if (result->ok())
        return Ok;
    ApiError e = result->error();
    if (e.isUnreachable())
        return fail(e);
    if (e.code == u"totp_required"_s)
        e.message = tr("%1 has two-factor authentication: pass --totp CODE or set BANTER_TOTP.").arg(user);
    else if (e.code == u"invalid_credentials"_s)
        e.message = tr("Login failed for %1: wrong user name or password.").arg(user);
    err(tr("Login failed: %1").arg(e.describe()));
    if (m_json)
        outJson({{u"error"_s, QJsonObject{{u"code"_s, e.code}, {u"message"_s, e.message}, {u"status"_s, e.httpStatus}}}});
    return AuthFailed;
}

int CliContext::exitCodeFor(const ApiError &error)
{
    if (error.isUnreachable())
        return Unreachable;
    if (error.isAuthFailure() || error.code == u"not_logged_in"_s)
        return AuthFailed;
    return ActionFailed;
}

int CliContext::fail(const ApiError &error)
{
    int code = exitCodeFor(error);
    QString text = error.describe();
    // A 403 on an admin route for a plain user is about the account, not the action.
    const QString role = m_session.user().role;
    if (error.httpStatus == 403 && error.code == u"forbidden"_s && !role.isEmpty() && role != u"moderator"_s &&
        role != u"admin"_s) {
        code = AuthFailed;
        text = tr("Access denied: %1 has the role \"%2\"; the admin API needs a moderator or admin. (%3)")
                   .arg(m_session.user().username, role, error.describe());
    } else if (code == Unreachable && error.httpStatus == 0) {
        text = tr("Cannot reach %1: %2").arg(m_session.server().toString(), error.describe());
    }
    err(tr("Error: %1").arg(text));
    if (m_json) {
        QJsonObject o{{u"code"_s, error.code}, {u"message"_s, error.message}, {u"status"_s, error.httpStatus}};
        if (!error.requestId.isEmpty())
            o.insert(u"requestId"_s, error.requestId);
        outJson({{u"error"_s, o}});
    }
    return code;
}

int CliContext::findUser(const QString &nameOrId, AdminUser &user)
{
    const auto r = wait<AdminUser>(
        [&](AdminApi &api, QObject *c, AdminApi::Callback<AdminUser> done) { api.resolveUser(nameOrId, c, done); });
    if (!r)
        return fail(r.error());
    user = r.value();
    return Ok;
}

QStringList CliContext::withoutSubcommand(const QStringList &arguments)
{
    QStringList rest = arguments;
    if (rest.size() > 1)
        rest.removeAt(1);
    return rest;
}

int CliContext::rejectAction(const QString &action, const QString &usage, const QString &unknown)
{
    std::fprintf(stderr, "%s\n", qPrintable(usage));
    if (action == u"--help"_s || action == u"-h"_s)
        return Ok;
    if (!action.isEmpty())
        std::fprintf(stderr, "%s\n", qPrintable(unknown));
    return Usage;
}

int CliContext::usage(const QString &message)
{
    err(message);
    if (!m_synopsis.isEmpty())
        err(tr("Usage: banter-console %1 (--help for more)").arg(m_synopsis));
    return Usage;
}

void CliContext::out(const QString &line)
{
    std::fprintf(stdout, "%s\n", line.toLocal8Bit().constData());
    std::fflush(stdout);
}

void CliContext::err(const QString &line)
{
    std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
    std::fflush(stderr);
}

void CliContext::outJson(const QJsonObject &o)
{
    std::fprintf(stdout, "%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

int CliContext::done(const QJsonObject &json, const QStringList &text)
{
    if (m_json) {
        outJson(json);
    } else {
        for (const QString &line : text)
            out(line);
    }
    return Ok;
}

int CliContext::runUntilInterrupted()
{
    g_interrupted = 0;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    QEventLoop loop;
    m_followLoop = &loop;
    m_followCode = Ok;
    QTimer poll;
    connect(&poll, &QTimer::timeout, &loop, [&loop] {
        if (g_interrupted)
            loop.quit();
    });
    poll.start(100);
    loop.exec();
    m_followLoop = nullptr;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return m_followCode;
}

void CliContext::stopWith(int code)
{
    m_followCode = code;
    if (m_followLoop)
        m_followLoop->quit();
}

void CliContext::startFeed(AdminLiveFeed &feed)
{
    connect(&feed, &AdminLiveFeed::connectFailed, this, [this](const ApiError &error) { stopWith(fail(error)); });
    connect(&m_session, &AdminSession::sessionExpired, this, [this] {
        stopWith(fail(ApiError::client(u"session_expired"_s, tr("The login has expired."))));
    });
    connect(&feed, &AdminLiveFeed::connectedChanged, this, [this](bool connected) {
        if (!connected && m_followLoop)
            err(tr("Live connection lost; reconnecting..."));
    });
    feed.start();
}

std::optional<qint64> CliContext::parseDuration(const QString &text)
{
    static const QList<std::pair<QChar, qint64>> units{
        {u's', 1}, {u'm', 60}, {u'h', 3600}, {u'd', 86400}, {u'w', 7 * 86400}};
    QString number = text.trimmed().toLower();
    qint64 factor = 1;
    for (const auto &[unit, seconds] : units) {
        if (number.endsWith(unit)) {
            number.chop(1);
            factor = seconds;
            break;
        }
    }
    bool ok = false;
    const qint64 n = number.toLongLong(&ok);
    if (!ok || n <= 0)
        return std::nullopt;
    return n * factor;
}

} // namespace Banter::Console
