#include "banter/HealthProbe.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace Banter {

HealthProbe::HealthProbe(QNetworkAccessManager *network, QObject *parent) : QObject(parent), m_network(network) {}

static QNetworkRequest makeRequest(const QUrl &server, const QString &path, int timeoutMs)
{
    QUrl url = server;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return request;
}

void HealthProbe::probe(const QUrl &server, int timeoutMs)
{
    QNetworkReply *health = m_network->get(makeRequest(server, u"/healthz"_s, timeoutMs));
    connect(health, &QNetworkReply::finished, this, [this, health, server, timeoutMs] {
        health->deleteLater();
        HealthStatus status;
        const int code = health->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (code == 0) {
            status.state = HealthStatus::State::Unreachable;
            status.detail = health->errorString();
            emit finished(status);
            return;
        }
        const QJsonObject body = QJsonDocument::fromJson(health->readAll()).object();
        status.alive = code == 200;
        status.serverVersion = body.value(u"version"_s).toString();
        QNetworkReply *ready = m_network->get(makeRequest(server, u"/readyz"_s, timeoutMs));
        connect(ready, &QNetworkReply::finished, this, [this, ready, status]() mutable {
            ready->deleteLater();
            const int code = ready->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject body = QJsonDocument::fromJson(ready->readAll()).object();
            if (code == 0) {
                status.state = HealthStatus::State::Unreachable;
                status.detail = ready->errorString();
            } else {
                status.state = code == 200 ? HealthStatus::State::Ready : HealthStatus::State::NotReady;
                status.detail = body.value(u"reason"_s).toString();
                status.schemaVersion = body.value(u"schemaVersion"_s).toInt();
            }
            emit finished(status);
        });
    });
}

} // namespace Banter
