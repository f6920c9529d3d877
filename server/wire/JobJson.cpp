#include "wire/JobJson.h"

#include "wire/ChatJson.h"

using namespace Qt::StringLiterals;

namespace Banter::Server {

QJsonObject JobJson::job(const JobRecord &j)
{
    return {{u"id"_s, QString::number(j.id)},
            {u"kind"_s, j.kind},
            {u"key"_s, j.key},
            {u"state"_s, j.state},
            {u"attempts"_s, j.attempts},
            {u"maxAttempts"_s, j.maxAttempts},
            {u"runAt"_s, ChatJson::timestamp(j.runAt)},
            {u"lastError"_s, j.lastError.isEmpty() ? QJsonValue() : QJsonValue(j.lastError)},
            {u"createdAt"_s, ChatJson::timestamp(j.createdAt)}};
}

} // namespace Banter::Server
