#include "core/ApiError.h"

namespace Banter::Console {

QString ApiError::describe() const
{
    const QString text = message.isEmpty() ? code : message;
    if (httpStatus == 0)
        return tr("%1 (%2)").arg(text, code);
    if (requestId.isEmpty())
        return tr("%1 (%2, HTTP %3)").arg(text, code).arg(httpStatus);
    return tr("%1 (%2, HTTP %3, request %4)").arg(text, code).arg(httpStatus).arg(requestId);
}

} // namespace Banter::Console
