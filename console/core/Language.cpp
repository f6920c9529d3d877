#include "core/Language.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace Banter::Console {

void Language::install(QCoreApplication &app, const QString &override)
{
    const QLocale locale = override.isEmpty() ? QLocale::system() : QLocale(override);
    if (!override.isEmpty())
        QLocale::setDefault(locale);
    auto *translator = new QTranslator(&app);
    if (translator->load(locale, u"banter"_s, u"_"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(translator);
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, u"qtbase"_s, u"_"_s, u"/usr/share/qt6/translations"_s))
        QCoreApplication::installTranslator(qtTranslator);
}

QString Language::fromArguments(const QStringList &arguments)
{
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == "--lang"_L1 && i + 1 < arguments.size())
            return arguments[i + 1];
        if (arguments[i].startsWith("--lang="_L1))
            return arguments[i].mid(7);
    }
    return {};
}

} // namespace Banter::Console
