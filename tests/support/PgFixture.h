#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

namespace Banter::Test {

// Gives a test fresh databases in the CTest "pg" cluster (see tests/CMakeLists.txt) and drops them again.
class PgFixture
{
public:
    PgFixture();
    ~PgFixture();

    bool available() const { return m_port > 0; }
    // A new empty database; returns its postgres:// URL.
    QUrl createDatabase();
    // Runs SQL as the superuser in the given database (test setup only).
    bool exec(const QUrl &database, const QString &sql);
    QUrl serverUrl(const QString &database) const;

private:
    int m_port = 0;
    QString m_password;
    QStringList m_created;
};

} // namespace Banter::Test
