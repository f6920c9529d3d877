#pragma once

#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

class QNetworkReply;

namespace Banter::Client {

// Engine.IO over HTTP long-polling for SocketIoClient: the handshake GET, then one GET held at a time for what
// the server sends, and POSTs (one at a time, queued frames joined) for what we send. Hands every received text
// packet to textReceived() in order; any HTTP or network failure, or a close packet, ends it (lost()).
class PollingChannel : public QObject
{
    Q_OBJECT
public:
    // endpoint: http(s)://host:port/socket.io/?EIO=4 (the transport and sid parameters are added here).
    explicit PollingChannel(const QUrl &endpoint, QObject *parent = nullptr);
    ~PollingChannel() override;

    void open();
    void send(const QString &engineFrame);
    // The end of the session: stops polling, writes what is queued (a DISCONNECT) once the POST in flight is
    // done, and deletes itself when that is written, or after two seconds. Emits nothing any more.
    void finish();

signals:
    void textReceived(const QString &engineFrame);
    void lost(const QString &reason);

private:
    QUrl url() const;
    void poll();
    void onPollFinished(QNetworkReply *reply);
    void post();
    QNetworkReply *postOutgoing(); // POSTs everything queued as one payload
    // An HTTP or network failure of reply: fail() with what and the status or error; true if it failed.
    bool failed(QNetworkReply *reply, const QString &what);
    void fail(const QString &reason);
    void drainThenDelete();

    QNetworkAccessManager m_network;
    QUrl m_endpoint;
    QString m_sid;
    QPointer<QNetworkReply> m_pollReply;
    QPointer<QNetworkReply> m_postReply;
    QList<QString> m_outgoing;
    bool m_stopped = false;
};

} // namespace Banter::Client
