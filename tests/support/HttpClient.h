#pragma once

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrl>

namespace Banter::Test {

struct HttpReply
{
    int status = 0; // 0: no HTTP response
    QJsonObject json;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
};

// A blocking HTTP client for tests (runs a local event loop per request).
class HttpClient
{
public:
    explicit HttpClient(QUrl base) : m_base(std::move(base)) {}

    void setToken(const QString &token) { m_token = token; }
    HttpReply get(const QString &path);
    HttpReply post(const QString &path, const QJsonObject &body);
    HttpReply put(const QString &path, const QJsonObject &body);
    HttpReply del(const QString &path);
    HttpReply send(const QByteArray &method, const QString &path, const QByteArray &body,
                   const QByteArray &contentType = "application/json");

private:
    QNetworkAccessManager m_network;
    QUrl m_base;
    QString m_token;
};

} // namespace Banter::Test
