#include "banter/protocol/EnginePacket.h"

using namespace Qt::StringLiterals;

namespace Banter::Protocol {

namespace {
// Error messages quote the offending character, but never raw control characters into a log line.
QString describe(QChar c)
{
    if (c.unicode() >= 0x20 && c.unicode() < 0x7f)
        return u"'%1'"_s.arg(c);
    return u"U+%1"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'));
}
} // namespace

QString EnginePacket::encode() const
{
    QString frame;
    frame.reserve(1 + data.size());
    frame.append(QChar(u'0' + static_cast<char16_t>(type)));
    frame.append(data);
    return frame;
}

Result<EnginePacket> EnginePacket::decode(const QString &frame)
{
    if (frame.isEmpty())
        return makeError(ErrorCode::InvalidPacket, u"empty Engine.IO packet"_s);
    const char16_t typeChar = frame.front().unicode();
    if (typeChar < u'0' || typeChar > u'6') {
        return makeError(ErrorCode::InvalidPacket,
                         u"unknown Engine.IO packet type %1 (expected 0 to 6)"_s.arg(describe(frame.front())));
    }
    return EnginePacket{static_cast<EngineType>(typeChar - u'0'), frame.mid(1)};
}

} // namespace Banter::Protocol
