#include "http/RequestBodies.h"

#include "http/JsonFields.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>

#include <limits>

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<RegistrationBody> RequestBodies::registration(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"username"_s, u"password"_s, u"displayName"_s}); !ok)
        return ok.error();
    auto username = f.requiredString(u"username"_s);
    auto password = f.requiredString(u"password"_s);
    auto displayName = f.optionalString(u"displayName"_s);
    if (!username || !password || !displayName)
        return !username ? username.error() : !password ? password.error() : displayName.error();
    return RegistrationBody{username.value(), password.value(), displayName->value_or(QString())};
}

Result<LoginBody> RequestBodies::login(const QJsonObject &body)
{
    JsonFields f(body);
    auto username = f.requiredString(u"username"_s);
    auto password = f.requiredString(u"password"_s);
    auto totp = f.optionalString(u"totp"_s);
    if (!username || !password || !totp)
        return !username ? username.error() : !password ? password.error() : totp.error();
    return LoginBody{username.value(), password.value(), totp->value_or(QString())};
}

Result<QString> RequestBodies::refreshToken(const QJsonObject &body)
{
    return JsonFields(body).requiredString(u"refreshToken"_s);
}

Result<QString> RequestBodies::twoFactorCode(const QJsonObject &body)
{
    return JsonFields(body).requiredString(u"code"_s);
}

Result<ProfileBody> RequestBodies::profile(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"displayName"_s, u"bio"_s}); !ok)
        return ok.error();
    auto displayName = f.optionalString(u"displayName"_s);
    auto bio = f.optionalString(u"bio"_s);
    if (!displayName || !bio)
        return !displayName ? displayName.error() : bio.error();
    return ProfileBody{displayName.value(), bio.value()};
}

Result<StatusBody> RequestBodies::status(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"availability"_s, u"text"_s}); !ok)
        return ok.error();
    auto availability = f.optionalString(u"availability"_s);
    auto text = f.optionalString(u"text"_s);
    if (!availability || !text)
        return !availability ? availability.error() : text.error();
    return StatusBody{availability.value(), text.value()};
}

Result<QString> RequestBodies::blockedUserId(const QJsonObject &body)
{
    return JsonFields(body).requiredId(u"userId"_s);
}

Result<ReportBody> RequestBodies::report(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"userId"_s, u"messageId"_s, u"reason"_s}); !ok)
        return ok.error();
    auto userId = f.requiredId(u"userId"_s);
    auto messageId = f.optionalId(u"messageId"_s);
    auto reason = f.requiredString(u"reason"_s);
    if (!userId || !messageId || !reason)
        return !userId ? userId.error() : !messageId ? messageId.error() : reason.error();
    return ReportBody{userId.value(), messageId.value(), reason.value()};
}

Result<NewConversationBody> RequestBodies::newConversation(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"type"_s, u"title"_s, u"memberIds"_s, u"e2ee"_s}); !ok)
        return ok.error();
    auto e2ee = f.optionalBool(u"e2ee"_s);
    if (!e2ee)
        return e2ee.error();
    auto type = f.requiredString(u"type"_s);
    auto title = f.optionalString(u"title"_s);
    if (!type || !title)
        return !type ? type.error() : title.error();
    auto members = f.optionalIdList(u"memberIds"_s);
    if (!members)
        return members.error();
    if (!members.value())
        return makeError(ErrorCode::ValidationFailed, u"memberIds: an array of user ids"_s);
    const QStringList memberIds = *members.value();
    return NewConversationBody{type.value(), title.value().value_or(QString()), memberIds, e2ee.value().value_or(false)};
}

Result<NewMessageBody> RequestBodies::newMessage(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"conversationId"_s, u"content"_s, u"clientMessageId"_s, u"replyTo"_s, u"attachments"_s}); !ok)
        return ok.error();
    auto conversation = f.requiredId(u"conversationId"_s);
    auto attachments = f.optionalIdList(u"attachments"_s);
    if (!attachments)
        return attachments.error();
    const QStringList files = attachments.value().value_or(QStringList());
    // A message of files only may leave content out.
    Result<QString> content = f.requiredString(u"content"_s);
    if (!files.isEmpty()) {
        auto optional = f.optionalString(u"content"_s);
        content = optional ? Result<QString>(optional.value().value_or(QString())) : Result<QString>(optional.error());
    }
    auto clientId = f.requiredString(u"clientMessageId"_s);
    auto replyTo = f.optionalId(u"replyTo"_s);
    if (!conversation || !content || !clientId || !replyTo)
        return !conversation ? conversation.error() : !content ? content.error() : !clientId ? clientId.error() : replyTo.error();
    return NewMessageBody{conversation.value(), content.value(), clientId.value(), replyTo.value(), files};
}

Result<QString> RequestBodies::editMessage(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"content"_s}); !ok)
        return ok.error();
    return f.requiredString(u"content"_s);
}

Result<QString> RequestBodies::reaction(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"emoji"_s}); !ok)
        return ok.error();
    return f.requiredString(u"emoji"_s);
}

Result<PinBody> RequestBodies::pin(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"messageId"_s, u"pinned"_s}); !ok)
        return ok.error();
    auto id = f.requiredId(u"messageId"_s);
    if (!id)
        return id.error();
    const QJsonValue pinned = body.value(u"pinned"_s);
    if (!pinned.isUndefined() && !pinned.isBool())
        return makeError(ErrorCode::ValidationFailed, u"pinned: true or false"_s);
    return PinBody{id.value(), pinned.toBool(true)};
}

Result<qint64> RequestBodies::suspensionSeconds(const QJsonObject &body)
{
    const QJsonValue duration = body.value(u"durationSeconds"_s);
    if (!duration.isDouble())
        return makeError(ErrorCode::ValidationFailed, u"durationSeconds: a number of seconds"_s);
    // Converting a double outside qint64's range is undefined behaviour (found by fuzzing: 4.4e51). Such a
    // duration is far outside what the service allows, so it becomes one the service refuses with its own message.
    const double seconds = duration.toDouble();
    if (!(seconds > -9.0e18 && seconds < 9.0e18))
        return std::numeric_limits<qint64>::max();
    return qint64(seconds);
}

} // namespace Banter::Server
