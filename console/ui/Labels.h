#pragma once

#include "core/AdminTypes.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace Banter::Console {

// The words the pages show for the API's fixed values (roles, states, audit actions) and for times, in the
// user's language. The API values themselves are never translated.
class Labels
{
    Q_DECLARE_TR_FUNCTIONS(Labels)

public:
    static QString role(const QString &role);
    static QString groupRole(const QString &role); // owner, admin, member of a group
    // "alice (Owner), bob (Member)"
    static QString groupMembers(const QList<GroupMemberRef> &members);
    static QString userState(const QString &state);
    static QString reportState(const QString &state);
    static QString auditAction(const QString &action);
    static QStringList auditActions();
    static QString auditTarget(const QString &typeAndId); // "user 17" -> "User 17" // the API values, in the order docs/admin-api.md lists them
    static QString time(const QDateTime &at); // local time, short; "-" when invalid
    static QString duration(qint64 seconds);  // "1 hour", "7 days", ...
    static QString orNone(const QString &text);
    // `one` when n is 1, else `many` with %1 replaced by n in the user's number format. (No English .ts supplies
    // numerus forms, so tr("%n ...") would show "(s)"; English and German need only these two forms.)
    static QString count(qint64 n, const QString &one, const QString &many);
};

} // namespace Banter::Console
