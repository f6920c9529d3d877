#pragma once

#include <QByteArray>
#include <QJsonDocument>

namespace Banter::JsonText {

// QJsonDocument::fromJson for text from the network. One difference: a raw U+FEFF (the byte order mark, also a
// zero-width no-break space) at the start of a string or a key survives. Qt's parser keeps it in the document
// but drops it when the string is read (toString(), keys), so the value a server acts on differed from the value
// it stored and sent on — "\uFEFFx" read as "x" — and decode∘encode was not the identity (found by the
// socket_packet fuzz target). Written as the escape \ufeff, which Qt reads faithfully, it means the same JSON.
// A byte order mark that starts the whole text is dropped, as RFC 8259 allows and Qt did before.
QJsonDocument parse(QByteArray utf8, QJsonParseError *error = nullptr);

} // namespace Banter::JsonText
