#include "service/NotificationSettingsService.h"

#include "service/ServiceFutures.h"
#include "storage/Transaction.h"

#include <banter/ErrorCode.h>

#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

// What a POST changes; a field left empty is kept as stored.
struct ConversationPatch
{
    std::optional<QString> level;
    std::optional<ConversationNotify> mute; // only its mutedForever / mutedUntil count
};

struct SettingsPatch
{
    std::optional<bool> push;
    std::optional<bool> previews;
    std::optional<std::optional<QuietHours>> quietHours; // set to nothing: quiet hours off
    QMap<qint64, ConversationPatch> conversations;
};

Error invalid(const QString &message)
{
    return makeError(ErrorCode::ValidationFailed, message);
}

bool isClockTime(const QJsonValue &v)
{
    static const QRegularExpression hhmm(u"^([01][0-9]|2[0-3]):[0-5][0-9]$"_s);
    return v.isString() && hhmm.match(v.toString()).hasMatch();
}

Result<SettingsPatch> parse(const QJsonObject &body)
{
    static const QStringList known{u"push"_s, u"previews"_s, u"quietHours"_s, u"conversations"_s};
    for (auto it = body.begin(); it != body.end(); ++it)
        if (!known.contains(it.key()))
            return invalid(u"unknown field: "_s + it.key());
    SettingsPatch p;
    for (const auto &[name, field] : {std::pair{u"push"_s, &p.push}, std::pair{u"previews"_s, &p.previews}}) {
        if (!body.contains(name))
            continue;
        if (!body.value(name).isBool())
            return invalid(name + u": true or false"_s);
        *field = body.value(name).toBool();
    }
    if (body.contains(u"quietHours"_s)) {
        const QJsonValue q = body.value(u"quietHours"_s);
        if (q.isNull()) {
            p.quietHours = std::optional<QuietHours>();
        } else {
            const QJsonObject o = q.toObject();
            const QString tz = o.value(u"tz"_s).toString();
            if (!q.isObject() || !isClockTime(o.value(u"from"_s)) || !isClockTime(o.value(u"to"_s))
                || o.value(u"from"_s) == o.value(u"to"_s))
                return invalid(u"quietHours: {from: \"HH:MM\", to: \"HH:MM\", tz}, from and to different, or null"_s);
            if (tz.isEmpty() || tz.size() > 64 || !QTimeZone::isTimeZoneIdAvailable(tz.toUtf8()))
                return invalid(u"quietHours.tz: an IANA time zone such as \"Europe/Berlin\""_s);
            p.quietHours = std::optional<QuietHours>(QuietHours{o.value(u"from"_s).toString(), o.value(u"to"_s).toString(), tz});
        }
    }
    if (body.contains(u"conversations"_s)) {
        const QJsonValue c = body.value(u"conversations"_s);
        if (!c.isObject())
            return invalid(u"conversations: an object of conversation id to {muted, level}"_s);
        const QJsonObject all = c.toObject();
        if (all.size() > NotificationSettingsService::MaxConversationsPerRequest)
            return invalid(u"conversations: at most 500 per request"_s);
        for (auto it = all.begin(); it != all.end(); ++it) {
            const auto id = parseId(it.key());
            const QString where = u"conversations."_s + it.key();
            if (!id || !it.value().isObject())
                return invalid(where + u": a conversation id to {muted, level}"_s);
            const QJsonObject o = it.value().toObject();
            ConversationPatch patch;
            for (auto f = o.begin(); f != o.end(); ++f)
                if (f.key() != u"muted"_s && f.key() != u"level"_s)
                    return invalid(where + u": unknown field "_s + f.key());
            if (o.contains(u"level"_s)) {
                const QString level = o.value(u"level"_s).toString();
                if (level != u"all"_s && level != u"mentions"_s && level != u"none"_s)
                    return invalid(where + u".level: \"all\", \"mentions\" or \"none\""_s);
                patch.level = level;
            }
            if (o.contains(u"muted"_s)) {
                const QJsonValue m = o.value(u"muted"_s);
                ConversationNotify mute;
                if (m.isBool()) {
                    mute.mutedForever = m.toBool();
                } else {
                    const QDateTime until = QDateTime::fromString(m.toString(), Qt::ISODateWithMs);
                    if (!m.isString() || !until.isValid())
                        return invalid(where + u".muted: true, false or an ISO 8601 time to stay muted until"_s);
                    mute.mutedUntil = until.toUTC();
                }
                patch.mute = mute;
            }
            p.conversations.insert(*id, patch);
        }
    }
    return p;
}

} // namespace

QFuture<Result<NotificationSettings>> NotificationSettingsService::get(const Principal &caller)
{
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([me](DbSession &db) { return NotificationSettingsRepository(db).settingsOf(me); });
}

QFuture<Result<NotificationSettings>> NotificationSettingsService::update(const Principal &caller, const QJsonObject &body)
{
    auto patch = parse(body);
    if (!patch)
        return fail<NotificationSettings>(patch.error());
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([me, p = std::move(patch.value())](DbSession &db) -> Result<NotificationSettings> {
        auto tx = Transaction::begin(db);
        if (!tx)
            return tx.error();
        NotificationSettingsRepository repo(db);
        auto current = repo.settingsOf(me);
        if (!current)
            return current.error();
        NotificationSettings s = current.value();
        if (p.push)
            s.push = *p.push;
        if (p.previews)
            s.previews = *p.previews;
        if (p.quietHours)
            s.quietHours = *p.quietHours;
        if (auto r = repo.save(me, s); !r)
            return r.error();
        QMap<qint64, ConversationNotify> changed;
        for (auto it = p.conversations.cbegin(); it != p.conversations.cend(); ++it) {
            ConversationNotify n = s.conversations.value(it.key());
            if (it->level)
                n.level = *it->level;
            if (it->mute) {
                n.mutedForever = it->mute->mutedForever;
                n.mutedUntil = it->mute->mutedUntil;
            }
            changed.insert(it.key(), n);
        }
        auto members = repo.saveConversations(me, changed);
        if (!members)
            return members.error();
        for (auto it = changed.cbegin(); it != changed.cend(); ++it)
            if (!members.value().contains(it.key()))
                return invalid(QStringLiteral("conversations.%1: not a conversation of yours").arg(it.key()));
        if (auto r = tx.value().commit(); !r)
            return r.error();
        return repo.settingsOf(me);
    });
}

} // namespace Banter::Server
