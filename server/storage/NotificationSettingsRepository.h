#pragma once

#include "storage/DbSession.h"

#include <QDateTime>
#include <QMap>

#include <optional>

namespace Banter::Server {

struct QuietHours
{
    QString from; // "HH:MM", local time in tz
    QString to;
    QString tz;   // IANA zone id
};

// One conversation's settings for one user; the defaults are level "all", not muted.
struct ConversationNotify
{
    QString level = QStringLiteral("all"); // all, mentions, none
    bool mutedForever = false;
    std::optional<QDateTime> mutedUntil;   // a mute with an end (may have passed)
    bool isDefault() const { return level == u"all" && !mutedForever && !mutedUntil; }
};

struct NotificationSettings
{
    bool push = true;
    bool previews = false; // message text in pushes
    std::optional<QuietHours> quietHours;
    QMap<qint64, ConversationNotify> conversations; // only those not at the defaults
};

// notification_settings and conversation_notification_settings (migration 015).
class NotificationSettingsRepository
{
public:
    explicit NotificationSettingsRepository(DbSession &session) : m_session(session) {}

    Result<NotificationSettings> settingsOf(qint64 userId);
    // The user-wide part (push, previews, quiet hours).
    Result<void> save(qint64 userId, const NotificationSettings &settings);
    // Per conversation; a conversation at the defaults is deleted. Answers the ids of the conversations the user
    // is a member of (the others were not touched).
    Result<QList<qint64>> saveConversations(qint64 userId, const QMap<qint64, ConversationNotify> &conversations);

private:
    DbSession &m_session;
};

} // namespace Banter::Server
