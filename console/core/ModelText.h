#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QStringList>
#include <QVariant>
#include <initializer_list>
#include <utility>

namespace Banter::Console {

// What the console's models share when they turn values into display text: one time format, and header and
// role-name tables instead of a switch per model, so every table answers the same header roles the same way.
// The titles are translated by each model (its tr() context), not here.

// A timestamp as the user's locale writes it short, in local time; "" for an invalid (absent) time.
QString localTimeText(const QDateTime &time);

// headerData() for a table whose header is one title per column, in column order: the title for a horizontal
// DisplayRole, else nothing.
QVariant horizontalHeader(const QStringList &titles, int section, Qt::Orientation orientation, int role);

// roleNames(): Qt's defaults (`names`) plus the model's own roles.
QHash<int, QByteArray> withRoleNames(QHash<int, QByteArray> names,
                                     std::initializer_list<std::pair<int, QByteArray>> own);

} // namespace Banter::Console
