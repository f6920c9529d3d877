#include "ConformanceSession.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using namespace Banter::Protocol;
using Banter::Server::EngineSession;

namespace Banter::Conformance {

namespace {
constexpr int ConnectTimeoutMs = 1000;
// The "auth" event follows the CONNECT answer after this long, so the two reach the suite in separate reads even
// when its event loop is slow (a loaded 2-core machine): the suite registers its next listener only after the
// previous one resolved and would miss a second packet of the same read (../shared/conformance/README.md).
constexpr int AuthDelayMs = 50;
constexpr quint16 CloseProtocolError = 1002;
const QSet<QString> KnownNamespaces{u"/"_s, u"/custom"_s};
} // namespace

ConformanceSession::ConformanceSession(Kind kind, EngineSession *session, const QElapsedTimer &clock, QObject *parent)
    : QObject(parent), m_kind(kind), m_session(session), m_clock(clock)
{
    session->setParent(this);
    m_deadline.setSingleShot(true);
    m_deadline.setTimerType(Qt::PreciseTimer);
    connect(&m_deadline, &QTimer::timeout, this, &ConformanceSession::onDeadline);
    connect(session, &EngineSession::message, this, &ConformanceSession::onMessage);
    connect(session, &EngineSession::binaryMessage, this, &ConformanceSession::onBinary);
    connect(session, &EngineSession::pingReceived, session, &EngineSession::pong);
    connect(session, &EngineSession::closed, this, &QObject::deleteLater, Qt::QueuedConnection);
}

void ConformanceSession::start()
{
    m_session->start();
    armDeadline();
    if (m_kind == Kind::SocketIo) {
        QTimer::singleShot(ConnectTimeoutMs, this, [this] {
            if (!m_everConnected)
                m_session->close(1000, u"no namespace connected in time"_s);
        });
    }
}

void ConformanceSession::armDeadline()
{
    m_deadline.start(int(qMax<qint64>(0, m_session->nextDeadline() - m_clock.elapsed())));
}

void ConformanceSession::onDeadline()
{
    switch (m_session->tick(m_clock.elapsed())) {
    case EngineSession::Health::Alive:
        armDeadline();
        return;
    case EngineSession::Health::PingTimedOut:
        m_session->abort(); // the peer is gone: nothing to say to it
        return;
    case EngineSession::Health::CloseStalled:
        m_session->abort();
        return;
    }
}

void ConformanceSession::fail(const QString &reason)
{
    m_session->close(CloseProtocolError, reason.left(100));
    armDeadline();
}

void ConformanceSession::onMessage(const QString &data)
{
    armDeadline(); // a pong may have cleared the outstanding ping
    if (m_kind == Kind::Engine) {
        m_session->send(u'4' + data);
        return;
    }
    if (m_binary.expecting())
        return fail(u"text while binary attachments were expected"_s);
    auto packet = SocketPacket::decode(data);
    if (!packet)
        return fail(packet.error().message);
    if (packet->type == SocketType::BinaryEvent || packet->type == SocketType::BinaryAck) {
        if (auto begun = m_binary.begin(packet.value()); !begun)
            return fail(begun.error().message);
        return;
    }
    onSocketPacket(packet.value());
}

void ConformanceSession::onBinary(const QByteArray &data)
{
    if (m_kind == Kind::Engine) {
        m_session->sendBinary(data);
        return;
    }
    auto added = m_binary.add(data);
    if (!added)
        return fail(added.error().message);
    if (added->has_value())
        answer(std::move(*added.value()));
}

void ConformanceSession::onSocketPacket(const SocketPacket &packet)
{
    switch (packet.type) {
    case SocketType::Connect: {
        if (!KnownNamespaces.contains(packet.nsp)) {
            sendPacket({{SocketType::ConnectError, packet.nsp, -1, 0, QJsonObject{{u"message"_s, u"Invalid namespace"_s}}}, {}});
            return;
        }
        m_namespaces.insert(packet.nsp);
        m_everConnected = true;
        sendPacket({{SocketType::Connect, packet.nsp, -1, 0, QJsonObject{{u"sid"_s, EngineSession::newId()}}}, {}});
        // The "auth" event in a TCP segment of its own (AuthDelayMs).
        const QJsonValue auth = packet.data.isObject() ? packet.data : QJsonValue(QJsonObject());
        QTimer::singleShot(AuthDelayMs, this, [this, nsp = packet.nsp, auth] {
            if (m_namespaces.contains(nsp))
                sendPacket({{SocketType::Event, nsp, -1, 0, QJsonArray{u"auth"_s, auth}}, {}});
        });
        return;
    }
    case SocketType::Disconnect:
        m_namespaces.remove(packet.nsp);
        return;
    case SocketType::Event:
    case SocketType::BinaryEvent:
        answer({packet, {}});
        return;
    case SocketType::Ack:
    case SocketType::BinaryAck:
        return; // the application asks for no acks
    case SocketType::ConnectError:
        return fail(u"CONNECT_ERROR is the server's to send"_s);
    }
}

void ConformanceSession::answer(const BinaryPacket &in)
{
    const SocketPacket &packet = in.packet;
    if (!m_namespaces.contains(packet.nsp) || !packet.data.isArray())
        return;
    QJsonArray args = packet.data.toArray();
    const QString name = args.isEmpty() ? QString() : args.first().toString();
    args.removeFirst();
    // The arguments go back as they came, placeholders included: attachment N is still the N-th.
    if (name == "message"_L1) {
        args.prepend(u"message-back"_s);
        sendPacket(BinaryPacket::make({SocketType::Event, packet.nsp, -1, 0, args}, in.attachments));
    } else if (name == "message-with-ack"_L1 && packet.id >= 0) {
        sendPacket(BinaryPacket::make({SocketType::Ack, packet.nsp, packet.id, 0, args}, in.attachments));
    }
}

void ConformanceSession::sendPacket(const BinaryPacket &packet)
{
    m_session->send(u'4' + packet.text());
    for (const QByteArray &a : packet.attachments)
        m_session->sendBinary(a);
}

} // namespace Banter::Conformance
