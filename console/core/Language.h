#pragma once

#include <QString>

class QCoreApplication;

namespace Banter::Console {

// Installs the console's translation: the --lang value when given, else the system locale.
class Language
{
public:
    static void install(QCoreApplication &app, const QString &override);
    // Finds "--lang X" / "--lang=X" before the command line is fully parsed.
    static QString fromArguments(const QStringList &arguments);
};

} // namespace Banter::Console
