#include "wire/MediaJson.h"

#include "wire/ChatJson.h"

using namespace Qt::StringLiterals;

namespace Banter::Server {

QJsonObject MediaJson::media(const MediaView &m)
{
    QJsonObject o{{u"id"_s, QString::number(m.row.id)},
                  {u"name"_s, m.name},
                  {u"size"_s, m.row.size},
                  {u"contentType"_s, m.row.contentType},
                  {u"sha256"_s, QString::fromLatin1(m.sha256.toHex())},
                  {u"createdAt"_s, ChatJson::timestamp(m.row.createdAt)}};
    if (m.row.width > 0) {
        o.insert(u"width"_s, m.row.width);
        o.insert(u"height"_s, m.row.height);
    }
    return o;
}

} // namespace Banter::Server
