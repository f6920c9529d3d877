#include "support/HttpClient.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkReply>

namespace Banter::Test {

HttpReply HttpClient::get(const QString &path)
{
    return send("GET", path, {});
}

HttpReply HttpClient::post(const QString &path, const QJsonObject &body)
{
    return send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpReply HttpClient::put(const QString &path, const QJsonObject &body)
{
    return send("PUT", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpReply HttpClient::del(const QString &path)
{
    return send("DELETE", path, {});
}

HttpReply HttpClient::send(const QByteArray &method, const QString &path, const QByteArray &body,
                           const QByteArray &contentType)
{
    QUrl url = m_base.resolved(QUrl(path));
    QNetworkRequest request(url);
    request.setTransferTimeout(20000);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpReply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.json = QJsonDocument::fromJson(result.body).object();
    for (const auto &pair : reply->rawHeaderPairs())
        result.headers.insert(pair.first.toLower(), pair.second);
    reply->deleteLater();
    return result;
}

} // namespace Banter::Test
