#include "banter/client/PollingChannel.h"

#include "banter/protocol/PollingPayload.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using Banter::Protocol::PollingPayload;

namespace Banter::Client {

PollingChannel::PollingChannel(const QUrl &endpoint, QObject *parent) : QObject(parent), m_endpoint(endpoint)
{
}

PollingChannel::~PollingChannel()
{
    m_stopped = true;
    for (QNetworkReply *reply : {m_pollReply.data(), m_postReply.data()}) {
        if (reply) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
}

QUrl PollingChannel::url() const
{
    QUrl url = m_endpoint;
    QUrlQuery query(url);
    query.removeAllQueryItems(u"transport"_s);
    query.addQueryItem(u"transport"_s, u"polling"_s);
    if (!m_sid.isEmpty())
        query.addQueryItem(u"sid"_s, m_sid);
    url.setQuery(query);
    return url;
}

void PollingChannel::open()
{
    poll(); // without a sid: the handshake
}

void PollingChannel::poll()
{
    if (m_stopped || m_pollReply)
        return;
    QNetworkRequest request(url());
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    QNetworkReply *reply = m_network.get(request);
    m_pollReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onPollFinished(reply); });
}

void PollingChannel::onPollFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    m_pollReply.clear();
    if (m_stopped)
        return;
    if (failed(reply, u"xhr poll error: "_s))
        return;
    const auto packets = PollingPayload::decode(reply->readAll());
    if (!packets)
        return fail(u"parse error: "_s + packets.error().message);
    for (const PollingPayload::Packet &p : packets.value()) {
        if (p.binary)
            continue; // SocketIoClient takes no binary attachments
        if (m_sid.isEmpty() && p.text.startsWith(u'0'))
            m_sid = QJsonDocument::fromJson(p.text.mid(1).toUtf8()).object().value(u"sid"_s).toString();
        if (p.text == "1"_L1)
            return fail(u"transport close"_s);
        QPointer<PollingChannel> self(this);
        emit textReceived(p.text);
        if (!self || m_stopped)
            return; // the receiver dropped or stopped us
    }
    if (m_sid.isEmpty())
        return fail(u"no session id in the handshake"_s);
    if (!m_outgoing.isEmpty())
        post();
    poll();
}

void PollingChannel::send(const QString &engineFrame)
{
    if (m_stopped)
        return;
    m_outgoing.append(engineFrame);
    if (!m_sid.isEmpty())
        post();
}

QNetworkReply *PollingChannel::postOutgoing()
{
    QList<PollingPayload::Packet> packets;
    for (const QString &frame : std::as_const(m_outgoing))
        packets.append(PollingPayload::Packet::ofText(frame));
    m_outgoing.clear();
    QNetworkRequest request(url());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain; charset=UTF-8"));
    return m_network.post(request, PollingPayload::encode(packets));
}

bool PollingChannel::failed(QNetworkReply *reply, const QString &what)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::NoError && status == 200)
        return false;
    fail(what + (status ? QString::number(status) : reply->errorString()));
    return true;
}

void PollingChannel::post()
{
    if (m_postReply || m_outgoing.isEmpty() || m_sid.isEmpty())
        return;
    QNetworkReply *reply = postOutgoing();
    m_postReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_postReply.clear();
        if (m_stopped || failed(reply, u"xhr post error: "_s))
            return;
        post(); // what was queued meanwhile
    });
}

void PollingChannel::finish()
{
    m_stopped = true;
    setParent(nullptr); // outlives its client if that is deleted right after close(): the DISCONNECT still goes
    QTimer::singleShot(2000, this, &QObject::deleteLater);
    drainThenDelete();
}

void PollingChannel::drainThenDelete()
{
    // One POST at a time, as the server requires: what is queued waits for the one in flight (which may hold the
    // DISCONNECT itself), and deleting this channel before then would abort it.
    if (m_postReply) {
        connect(m_postReply.data(), &QNetworkReply::finished, this, &PollingChannel::drainThenDelete);
        return;
    }
    if (m_outgoing.isEmpty() || m_sid.isEmpty()) {
        deleteLater();
        return;
    }
    QNetworkReply *reply = postOutgoing();
    connect(reply, &QNetworkReply::finished, this, &QObject::deleteLater);
}

void PollingChannel::fail(const QString &reason)
{
    if (m_stopped)
        return;
    m_stopped = true;
    emit lost(reason);
}

} // namespace Banter::Client
