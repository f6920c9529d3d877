#pragma once

#include <QTableView>

namespace Banter::Console {

// The table the list pages (users, reports, audit log) share: one record per row, single selection,
// fixed-height rows (a view with thousands of rows must not measure each one), no row numbers.
class RecordTableView : public QTableView
{
    Q_OBJECT
public:
    RecordTableView(const QString &objectName, QAbstractItemModel *model, QWidget *parent = nullptr);
};

} // namespace Banter::Console
