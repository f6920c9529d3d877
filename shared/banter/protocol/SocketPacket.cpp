#include "banter/protocol/SocketPacket.h"

#include "banter/protocol/JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

using namespace Qt::StringLiterals;

namespace Banter::Protocol {

namespace {

// socket.io-parser refuses these event names: its own clients and servers give them a meaning of their own.
constexpr QLatin1StringView ReservedEvents[] = {"connect"_L1,    "connect_error"_L1, "disconnect"_L1,
                                                "disconnecting"_L1, "newListener"_L1,  "removeListener"_L1};

bool isDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

QString describe(QChar c)
{
    if (c.unicode() >= 0x20 && c.unicode() < 0x7f)
        return u"'%1'"_s.arg(c);
    return u"U+%1"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'));
}

Error invalid(const QString &message)
{
    return makeError(ErrorCode::InvalidPacket, message);
}

QString typeName(SocketType type)
{
    switch (type) {
    case SocketType::Connect: return u"CONNECT"_s;
    case SocketType::Disconnect: return u"DISCONNECT"_s;
    case SocketType::Event: return u"EVENT"_s;
    case SocketType::Ack: return u"ACK"_s;
    case SocketType::ConnectError: return u"CONNECT_ERROR"_s;
    case SocketType::BinaryEvent: return u"BINARY_EVENT"_s;
    case SocketType::BinaryAck: return u"BINARY_ACK"_s;
    }
    return QString();
}

bool isBinary(SocketType type)
{
    return type == SocketType::BinaryEvent || type == SocketType::BinaryAck;
}

// A namespace runs up to the ',' that ends it. Characters that can only mean a missing ',' (the payload's
// brackets and quotes), whitespace and control characters are refused rather than folded into a name.
std::optional<QString> namespaceProblem(QStringView nsp)
{
    if (nsp.size() > SocketPacket::MaxNamespaceLength)
        return u"namespace longer than %1 characters"_s.arg(SocketPacket::MaxNamespaceLength);
    for (QChar c : nsp) {
        const char16_t u = c.unicode();
        if (u <= 0x20 || u == 0x7f || u == u'[' || u == u']' || u == u'{' || u == u'}' || u == u'"' ||
            u == u'\\' || c.isSpace()) {
            return u"namespace contains %1 (a namespace ends with ',' before the payload)"_s.arg(describe(c));
        }
    }
    return std::nullopt;
}

// One pass over the JSON text before any parser sees it: nesting is counted without building anything, so a
// payload of a million '[' is refused at once instead of reaching a recursive parser; and a raw control
// character inside a string (RFC 8259 §7 allows them only escaped) is refused, because QJsonDocument accepts
// it but then holds a string that does not compare equal to itself read back from its escaped form (the
// socket_packet fuzzer found a key with raw NULs for which decode(encode(p)) != p).
std::optional<QString> jsonTextProblem(QStringView json, int maxDepth)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (QChar c : json) {
        const char16_t u = c.unicode();
        if (inString) {
            if (u < 0x20)
                return u"payload has a raw control character (%1) in a string"_s.arg(describe(c));
            if (escaped)
                escaped = false;
            else if (u == u'\\')
                escaped = true;
            else if (u == u'"')
                inString = false;
            continue;
        }
        if (u == u'"') {
            inString = true;
        } else if (u == u'[' || u == u'{') {
            if (++depth > maxDepth)
                return u"payload nested deeper than %1 levels"_s.arg(maxDepth);
        } else if (u == u']' || u == u'}') {
            --depth;
        }
    }
    return std::nullopt;
}

QString jsonText(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    // QJsonDocument only holds containers: serialise a scalar inside an array and strip the brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.sliced(1, wrapped.size() - 2));
}

QString expectedPayload(SocketType type)
{
    switch (type) {
    case SocketType::Connect:
    case SocketType::ConnectError: return u"an object"_s;
    case SocketType::Event:
    case SocketType::BinaryEvent: return u"a non-empty array whose first element is the event name"_s;
    case SocketType::Ack:
    case SocketType::BinaryAck: return u"an array"_s;
    case SocketType::Disconnect: return u"absent"_s;
    }
    return QString();
}

std::optional<QString> payloadProblem(const SocketPacket &p)
{
    const QString expected = u"%1 payload must be %2"_s.arg(typeName(p.type), expectedPayload(p.type));
    switch (p.type) {
    case SocketType::Connect:
        if (!p.data.isUndefined() && !p.data.isObject())
            return expected;
        break;
    case SocketType::Disconnect:
        if (!p.data.isUndefined())
            return u"DISCONNECT carries no payload"_s;
        break;
    case SocketType::ConnectError:
        if (!p.data.isObject())
            return expected;
        break;
    case SocketType::Event:
    case SocketType::BinaryEvent: {
        if (!p.data.isArray() || !p.data.toArray().at(0).isString())
            return expected;
        const QString name = p.data.toArray().at(0).toString();
        for (QLatin1StringView reserved : ReservedEvents) {
            if (name == reserved)
                return u"event name \"%1\" is reserved"_s.arg(name);
        }
        break;
    }
    case SocketType::Ack:
    case SocketType::BinaryAck:
        if (p.id < 0)
            return u"%1 without an ack id"_s.arg(typeName(p.type));
        if (!p.data.isArray())
            return expected;
        break;
    }
    return std::nullopt;
}

} // namespace

QString SocketPacket::encode() const
{
    QString out;
    out.append(QChar(u'0' + static_cast<char16_t>(type)));
    if (isBinary(type)) {
        out.append(QString::number(attachments));
        out.append(u'-');
    }
    if (!nsp.isEmpty() && nsp != u"/"_s) {
        out.append(nsp);
        out.append(u',');
    }
    if (id >= 0)
        out.append(QString::number(id));
    if (!data.isUndefined())
        out.append(jsonText(data));
    return out;
}

namespace {

// Everything before the payload: type, attachment count, namespace, ack id. On success i is where the payload
// starts (or text.size()).
Result<SocketPacket> decodeHeadAt(QStringView text, qsizetype &i)
{
    if (text.isEmpty())
        return invalid(u"empty Socket.IO packet"_s);
    const char16_t typeChar = text.front().unicode();
    if (typeChar < u'0' || typeChar > u'6')
        return invalid(u"unknown Socket.IO packet type %1 (expected 0 to 6)"_s.arg(describe(text.front())));

    SocketPacket p;
    p.type = static_cast<SocketType>(typeChar - u'0');
    const qsizetype n = text.size();
    i = 1;

    if (isBinary(p.type)) {
        const qsizetype start = i;
        while (i < n && isDigit(text[i]))
            ++i;
        if (i == start || i >= n || text[i] != u'-')
            return invalid(u"%1 must start with its attachment count and '-'"_s.arg(typeName(p.type)));
        const qsizetype digits = i - start;
        const int count = digits <= 3 ? text.sliced(start, digits).toInt() : SocketPacket::MaxAttachments + 1;
        if (count < 1 || count > SocketPacket::MaxAttachments) {
            return invalid(u"%1 attachment count must be 1 to %2"_s.arg(typeName(p.type)).arg(SocketPacket::MaxAttachments));
        }
        p.attachments = count;
        ++i;
    }

    if (i < n && text[i] == u'/') {
        const qsizetype start = i;
        while (i < n && text[i] != u',')
            ++i;
        const QStringView nsp = text.sliced(start, i - start);
        if (auto problem = namespaceProblem(nsp))
            return invalid(*problem);
        p.nsp = nsp.toString();
        if (i < n)
            ++i; // the ','
    }

    if (i < n && isDigit(text[i])) {
        const qsizetype start = i;
        while (i < n && isDigit(text[i]))
            ++i;
        if (i - start > SocketPacket::MaxAckIdDigits)
            return invalid(u"ack id longer than %1 digits"_s.arg(SocketPacket::MaxAckIdDigits));
        p.id = text.sliced(start, i - start).toLongLong();
    }
    return p;
}

} // namespace

Result<SocketPacket> SocketPacket::decodeHead(QStringView text)
{
    qsizetype i = 0;
    return decodeHeadAt(text, i);
}

Result<SocketPacket> SocketPacket::decode(QStringView text, int maxDepth)
{
    qsizetype i = 0;
    auto head = decodeHeadAt(text, i);
    if (!head)
        return head;
    SocketPacket p = head.value();
    const qsizetype n = text.size();

    if (i < n) {
        const QStringView json = text.sliced(i);
        const QStringView trimmed = json.trimmed();
        const QChar first = trimmed.isEmpty() ? QChar() : trimmed.front();
        if (first != u'[' && first != u'{') {
            if (p.type == SocketType::Disconnect)
                return invalid(u"DISCONNECT carries no payload"_s);
            return invalid(u"%1 payload must be %2, got %3"_s.arg(typeName(p.type), expectedPayload(p.type),
                                                                  first.isNull() ? u"whitespace"_s
                                                                                 : describe(first)));
        }
        if (auto problem = jsonTextProblem(json, maxDepth))
            return invalid(*problem);
        QJsonParseError error;
        const QJsonDocument doc = JsonText::parse(json.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError) {
            return invalid(
                u"payload is not valid JSON: %1 at offset %2"_s.arg(error.errorString()).arg(error.offset));
        }
        p.data = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }

    if (auto problem = payloadProblem(p))
        return invalid(*problem);
    return p;
}

QString SocketPacket::eventName() const
{
    if ((type != SocketType::Event && type != SocketType::BinaryEvent) || !data.isArray())
        return QString();
    return data.toArray().at(0).toString();
}

QJsonValue SocketPacket::eventArg(int i) const
{
    if (!data.isArray() || i < 0)
        return QJsonValue(QJsonValue::Undefined);
    return data.toArray().at(i + 1);
}

QString SocketPacket::event(const QString &name, const QJsonValue &payload, qint64 ackId)
{
    QJsonArray args{name};
    if (!payload.isUndefined())
        args.append(payload);
    return SocketPacket{SocketType::Event, u"/"_s, ackId, 0, args}.encode();
}

QString SocketPacket::ack(qint64 id, const QJsonValue &payload)
{
    QJsonArray args;
    if (!payload.isUndefined())
        args.append(payload);
    return SocketPacket{SocketType::Ack, u"/"_s, id, 0, args}.encode();
}

} // namespace Banter::Protocol
