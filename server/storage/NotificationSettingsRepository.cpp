#include "storage/NotificationSettingsRepository.h"

#include "storage/SqlArrays.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<NotificationSettings> NotificationSettingsRepository::settingsOf(qint64 userId)
{
    NotificationSettings s;
    auto q = m_session.exec(u"notify/settings_of"_s, {{u"user_id"_s, userId}});
    if (!q)
        return q.error();
    if (q.value()->next()) {
        s.push = q.value()->value(0).toBool();
        s.previews = q.value()->value(1).toBool();
        if (!q.value()->value(4).isNull())
            s.quietHours = QuietHours{q.value()->value(2).toString(), q.value()->value(3).toString(),
                                      q.value()->value(4).toString()};
    }
    auto c = m_session.exec(u"notify/conversation_settings_of"_s, {{u"user_id"_s, userId}});
    if (!c)
        return c.error();
    while (c.value()->next()) {
        ConversationNotify n;
        n.level = c.value()->value(1).toString();
        n.mutedForever = c.value()->value(3).toBool();
        if (!c.value()->value(2).isNull())
            n.mutedUntil = c.value()->value(2).toDateTime();
        s.conversations.insert(c.value()->value(0).toLongLong(), n);
    }
    return s;
}

Result<void> NotificationSettingsRepository::save(qint64 userId, const NotificationSettings &s)
{
    return m_session.execute(u"notify/save_settings"_s,
                             {{u"user_id"_s, userId},
                              {u"push"_s, s.push},
                              {u"previews"_s, s.previews},
                              {u"quiet_from"_s, s.quietHours ? s.quietHours->from : QString()},
                              {u"quiet_to"_s, s.quietHours ? s.quietHours->to : QString()},
                              {u"quiet_tz"_s, s.quietHours ? s.quietHours->tz : QString()}});
}

Result<QList<qint64>> NotificationSettingsRepository::saveConversations(qint64 userId,
                                                                        const QMap<qint64, ConversationNotify> &conversations)
{
    if (conversations.isEmpty())
        return QList<qint64>();
    QJsonArray rows;
    for (auto it = conversations.cbegin(); it != conversations.cend(); ++it) {
        QJsonValue until;
        if (it->mutedForever)
            until = u"infinity"_s;
        else if (it->mutedUntil)
            until = it->mutedUntil->toUTC().toString(Qt::ISODateWithMs);
        rows.append(QJsonObject{{u"conversation_id"_s, it.key()}, {u"level"_s, it->level}, {u"muted_until"_s, until}});
    }
    return m_session.ids(u"notify/save_conversation_settings"_s, {{u"user_id"_s, userId}, {u"rows"_s, compactJson(rows)}});
}

} // namespace Banter::Server
