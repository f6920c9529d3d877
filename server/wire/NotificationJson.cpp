#include "wire/NotificationJson.h"

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

void insertId(QJsonObject &o, const QString &field, qint64 id)
{
    if (id != 0)
        o.insert(field, QString::number(id));
}

} // namespace

QJsonObject NotificationJson::notification(const StoredNotification &n)
{
    QJsonObject o{{u"id"_s, QString::number(n.id)},
                  {u"kind"_s, n.kind},
                  {u"count"_s, n.count},
                  {u"createdAt"_s, n.createdAt.toUTC().toString(Qt::ISODateWithMs)},
                  {u"readAt"_s, n.readAt.isValid() ? QJsonValue(n.readAt.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue()}};
    insertId(o, u"conversationId"_s, n.conversationId);
    insertId(o, u"messageId"_s, n.messageId);
    insertId(o, u"actorId"_s, n.actorId);
    insertId(o, u"reportId"_s, n.reportId);
    return o;
}

} // namespace Banter::Server
