#include "app/AdminBootstrap.h"

#include "app/DatabaseBootstrap.h"
#include "service/AuthService.h"
#include "service/ModerationAudit.h"
#include "storage/DbSession.h"
#include "storage/UserRepository.h"

#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

QString readLine(bool echo)
{
    termios old{};
    const bool tty = isatty(STDIN_FILENO);
    if (tty && !echo) {
        tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (tty && !echo) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::fputs("\n", stderr);
    }
    return line;
}

} // namespace

Result<QString> AdminBootstrap::readPassword()
{
    if (!isatty(STDIN_FILENO)) {
        const QString password = readLine(true);
        if (password.isEmpty())
            return makeError(u"invalid_input", u"no password on stdin"_s);
        return password;
    }
    std::fputs("Password: ", stderr);
    const QString first = readLine(false);
    std::fputs("Again: ", stderr);
    const QString second = readLine(false);
    if (first != second)
        return makeError(u"invalid_input", u"the passwords differ"_s);
    return first;
}

Result<CreatedAdmin> AdminBootstrap::run(const ConnectionFactory &factory, const PasswordHasher &hasher,
                                         const QString &username, const QString &password)
{
    if (auto r = AuthService::validateUsername(username); !r)
        return r.error();
    if (auto r = AuthService::validatePassword(password); !r)
        return r.error();
    if (auto schema = DatabaseBootstrap::run(factory); !schema)
        return schema.error();
    auto hash = hasher.hash(password.toUtf8());
    if (!hash)
        return hash.error();
    DbSession db(factory, u"banter-create-admin"_s);
    AuditEntry entry;
    auto made = ModerationAudit::apply<std::pair<qint64, bool>>(db, entry, [&]() -> Result<std::pair<qint64, bool>> {
        auto made = UserRepository(db).promoteOrCreateAdmin(username, hash.value());
        if (!made)
            return made.error();
        entry = ModerationAudit::systemEntry(u"user.create_admin"_s, u"user"_s, made->first, u"banterd --create-admin"_s,
                                             {{u"username"_s, username}, {u"created"_s, made->second}});
        return made;
    });
    if (!made)
        return made.error();
    return CreatedAdmin{made->first, made->second};
}

} // namespace Banter::Server
