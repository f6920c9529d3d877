#pragma once

#include "service/Principal.h"

#include <QHttpHeaders>
#include <QIODevice>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QUrlQuery>

#include <functional>
#include <optional>

namespace Banter::Server {

// What a route handler sees: already parsed, size-checked and (for protected routes) authenticated.
struct ApiRequest
{
    QString requestId;
    QStringList args; // path captures, in order
    QJsonObject body;        // JSON routes
    QByteArray rawBody;      // raw routes (ApiRouter::addRaw): the body as it came
    QHttpHeaders headers;    // raw routes: the request's headers
    QUrlQuery query;
    QString clientAddress;
    QString userAgent;
    QString bearerToken;
    std::optional<Principal> principal;
    // The object (on the main thread) every continuation of this request runs with: a QFuture continuation
    // without a context object can run twice and crash (Qt 6.8, see ServiceFutures.h), so none exists.
    QObject *context = nullptr;
};

// What a route handler returns on success.
struct ApiReply
{
    int status = 200;
    QJsonObject body;
    bool noContent = false;

    static ApiReply ok(QJsonObject body) { return {200, std::move(body), false}; }
    static ApiReply created(QJsonObject body) { return {201, std::move(body), false}; }
    static ApiReply empty() { return {204, {}, true}; }
};

// What a raw route (bytes, not JSON: media) returns on success: a status, headers, and either a body or a
// device streamed to the client as the socket drains. openStream makes the device when the answer is written;
// QHttpServer then owns it, reads it on the main thread and deletes it at the end.
struct RawReply
{
    int status = 200;
    QHttpHeaders headers;
    QByteArray body;
    std::function<QIODevice *()> openStream; // when set, body is ignored; headers must carry Content-Length
};

} // namespace Banter::Server
