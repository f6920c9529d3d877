#include "banter/protocol/JsonText.h"

namespace Banter::JsonText {

QJsonDocument parse(QByteArray utf8, QJsonParseError *error)
{
    static constexpr char Bom[] = "\xEF\xBB\xBF";
    if (utf8.startsWith(Bom))
        utf8.remove(0, 3);
    // Only right after a '"' (a string's or key's first character, where Qt drops it); elsewhere a raw one is
    // read faithfully inside a string, and outside strings it stays the error it is.
    for (qsizetype at = utf8.indexOf(Bom); at >= 0; at = utf8.indexOf(Bom, at + 1)) {
        if (at > 0 && utf8[at - 1] == '"')
            utf8.replace(at, 3, "\\ufeff");
    }
    return QJsonDocument::fromJson(utf8, error);
}

} // namespace Banter::JsonText
