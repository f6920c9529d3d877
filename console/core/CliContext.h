#pragma once

#include "core/AdminApi.h"
#include "core/AdminSession.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>

#include <optional>

namespace Banter::Console {

class AdminLiveFeed;

// What every headless admin command shares: the common options, logging in, waiting for a call, printing
// (text or --json) and one mapping from errors to exit codes:
//   0 ok · 1 the server said no (4xx) · 2 unreachable or 5xx · 3 authentication failed (login refused,
//   session expired, or the account is not a moderator/admin) · 64 usage error.
//
// Credentials: --user or $BANTER_USER; the password from --password-stdin (one line), $BANTER_PASSWORD,
// a prompt when stdin is a terminal, or --password (visible in the process list: prefer the others).
// 2FA: --totp or $BANTER_TOTP. Server: --server or $BANTER_SERVER (default http://127.0.0.1:8080).
class CliContext : public QObject
{
    Q_OBJECT
public:
    enum Exit { Ok = 0, ActionFailed = 1, Unreachable = 2, AuthFailed = 3, Usage = 64 };

    CliContext();
    ~CliContext() override;

    // Adds the common options, parses `arguments` (argv[0] first, then everything after the command words)
    // and checks the positional count. Returns -1 to go on, else the exit code to return (0 after --help).
    // `synopsis` is e.g. "users ban NAME --reason R"; followable adds --follow.
    int parse(QCommandLineParser &parser, const QStringList &arguments, const QString &synopsis,
              const QString &description, int minPositional, int maxPositional, bool followable = false);

    // Logs in with the credentials from the options/environment. Returns Ok or the exit code to return.
    int login();
    // Finds the user named by `nameOrId` (AdminApi::resolveUser) into `user`. Returns Ok, or prints the error and
    // returns its exit code: one path for every command that takes a user, so they agree on names and ids.
    int findUser(const QString &nameOrId, AdminUser &user);

    // argv without arguments[1] (the command or action word just dispatched on), as the next level parses it.
    static QStringList withoutSubcommand(const QStringList &arguments);
    // For an action word that is not one: prints `usage`, then `unknown` when a word was given, to stderr.
    // Returns 0 for --help/-h (asking for the actions is not an error), else Usage. The texts come from the
    // command so they keep its translation context.
    static int rejectAction(const QString &action, const QString &usage, const QString &unknown);

    AdminSession &session() { return m_session; }
    AdminApi &api() { return m_api; }
    bool json() const { return m_json; }
    bool follow() const { return m_follow; }
    QString option(const QString &name) const { return m_parser ? m_parser->value(name) : QString(); }
    bool isSet(const QString &name) const { return m_parser && m_parser->isSet(name); }
    QStringList positional() const { return m_parser ? m_parser->positionalArguments() : QStringList(); }

    // Runs one call to completion.
    template <typename T>
    ApiResult<T> wait(const std::function<void(AdminApi &, QObject *, AdminApi::Callback<T>)> &call)
    {
        std::optional<ApiResult<T>> result;
        QEventLoop loop;
        call(m_api, &loop, [&](const ApiResult<T> &r) {
            result.emplace(r);
            loop.quit();
        });
        if (!result)
            loop.exec();
        return *result;
    }

    // Prints the error (stderr; with --json also {"error":{...}} on stdout) and returns its exit code.
    int fail(const ApiError &error);
    static int exitCodeFor(const ApiError &error);
    int usage(const QString &message); // prints it with the synopsis; returns 64

    void out(const QString &line);   // stdout, one line
    void err(const QString &line);   // stderr, one line
    void outJson(const QJsonObject &o);
    // Prints the reply as JSON with --json, else the text lines; returns Ok.
    int done(const QJsonObject &json, const QStringList &text);

    // Runs the event loop until SIGINT/SIGTERM (-> Ok) or stopWith(code) is called.
    int runUntilInterrupted();
    void stopWith(int code);
    // Starts the feed and fails with the right exit code if its CONNECT is refused for good.
    void startFeed(AdminLiveFeed &feed);

    // Parses "90", "90s", "15m", "12h", "7d", "2w" into seconds; nullopt when malformed.
    static std::optional<qint64> parseDuration(const QString &text);

private:
    QString readPassword();

    QNetworkAccessManager m_network;
    AdminSession m_session;
    AdminApi m_api;
    QCommandLineParser *m_parser = nullptr;
    QString m_synopsis;
    bool m_json = false;
    bool m_follow = false;
    QEventLoop *m_followLoop = nullptr;
    int m_followCode = Ok;
};

} // namespace Banter::Console
