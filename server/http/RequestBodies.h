#pragma once

#include <banter/Result.h>

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Banter::Server {

struct RegistrationBody
{
    QString username;
    QString password;
    QString displayName; // empty when not given
};

struct LoginBody
{
    QString username;
    QString password;
    QString totp; // empty when not given
};

// An absent or null field leaves that attribute unchanged.
struct ProfileBody
{
    std::optional<QString> displayName;
    std::optional<QString> bio;
};

struct StatusBody
{
    std::optional<QString> availability;
    std::optional<QString> text;
};

struct ReportBody
{
    QString userId;
    QString messageId; // empty when not given
    QString reason;
};

struct NewConversationBody
{
    QString type;
    QString title; // empty when not given
    QStringList memberIds;
    bool e2ee = false; // end-to-end encrypted (issue #15)
};

struct NewMessageBody
{
    QString conversationId;
    QString content;
    QString clientMessageId;
    QString replyTo; // empty: not a reply
    QStringList attachments; // media ids
};

struct PinBody
{
    QString messageId;
    bool pinned = true;
};

// The REST request bodies (already known to be JSON objects) as typed requests, one function per route that
// reads a body. Pure, so the routes only wire and the rules can be tested and fuzzed alone. Every failure is
// validation_failed naming the first field that is wrong.
class RequestBodies
{
public:
    static Result<RegistrationBody> registration(const QJsonObject &body); // POST /api/auth/register
    static Result<LoginBody> login(const QJsonObject &body);               // POST /api/auth/login
    static Result<QString> refreshToken(const QJsonObject &body);          // POST /api/auth/refresh-token
    static Result<QString> twoFactorCode(const QJsonObject &body);         // POST /api/auth/2fa/verify
    static Result<ProfileBody> profile(const QJsonObject &body);           // PUT /api/users/profile
    static Result<StatusBody> status(const QJsonObject &body);             // PUT /api/users/status
    static Result<QString> blockedUserId(const QJsonObject &body);         // POST /api/users/block
    static Result<ReportBody> report(const QJsonObject &body);             // POST /api/users/report
    static Result<NewConversationBody> newConversation(const QJsonObject &body); // POST /api/chat
    static Result<NewMessageBody> newMessage(const QJsonObject &body);
    // PUT /api/messages/:id {content}
    static Result<QString> editMessage(const QJsonObject &body);
    // POST /api/messages/:id/react {emoji}
    static Result<QString> reaction(const QJsonObject &body);
    // POST /api/messages/pin {messageId, pinned}
    static Result<PinBody> pin(const QJsonObject &body);           // POST /api/messages
    static Result<qint64> suspensionSeconds(const QJsonObject &body); // POST /api/admin/users/<id>/suspend
};

} // namespace Banter::Server
