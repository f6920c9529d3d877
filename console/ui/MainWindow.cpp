#include "ui/MainWindow.h"

#include "core/HealthMonitor.h"

#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Banter::Console {

MainWindow::MainWindow(QNetworkAccessManager *network, QWidget *parent)
    : QMainWindow(parent), m_monitor(new HealthMonitor(network, this))
{
    setWindowTitle(tr("Banter Console"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    auto *serverRow = new QHBoxLayout;
    m_serverEdit = new QLineEdit(central);
    m_serverEdit->setPlaceholderText(tr("http://127.0.0.1:8080"));
    auto *connectButton = new QPushButton(tr("Connect"), central);
    serverRow->addWidget(new QLabel(tr("Server:"), central));
    serverRow->addWidget(m_serverEdit, 1);
    serverRow->addWidget(connectButton);
    layout->addLayout(serverRow);

    auto *form = new QFormLayout;
    m_alive = new QLabel(tr("unknown"), central);
    m_ready = new QLabel(tr("unknown"), central);
    m_version = new QLabel(tr("unknown"), central);
    m_checked = new QLabel(tr("never"), central);
    form->addRow(tr("Alive:"), m_alive);
    form->addRow(tr("Readiness:"), m_ready);
    form->addRow(tr("Server version:"), m_version);
    form->addRow(tr("Last checked:"), m_checked);
    layout->addLayout(form);
    layout->addStretch(1);
    setCentralWidget(central);
    statusBar()->showMessage(tr("Not connected"));

    connect(connectButton, &QPushButton::clicked, this, [this] { connectTo(QUrl::fromUserInput(m_serverEdit->text())); });
    connect(m_serverEdit, &QLineEdit::returnPressed, connectButton, &QPushButton::click);
    connect(m_monitor, &HealthMonitor::statusChanged, this, &MainWindow::showStatus);

    QSettings settings;
    m_serverEdit->setText(settings.value(u"server/url"_s, u"http://127.0.0.1:8080"_s).toString());
    // Before the first show() size() is Qt's 640x480 default, not the layout's; size from the layout instead.
    if (!restoreGeometry(settings.value(u"window/geometry"_s).toByteArray()))
        resize(sizeHint().expandedTo(QSize(520, 200)));
}

MainWindow::~MainWindow()
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
}

void MainWindow::connectTo(const QUrl &server)
{
    m_serverEdit->setText(server.toString());
    QSettings().setValue(u"server/url"_s, server.toString());
    statusBar()->showMessage(tr("Checking %1 ...").arg(server.toString()));
    m_monitor->setServer(server);
}

void MainWindow::showStatus(const HealthStatus &status)
{
    m_alive->setText(status.alive ? tr("yes") : tr("no"));
    m_ready->setText(HealthMonitor::describe(status));
    m_version->setText(status.serverVersion.isEmpty() ? tr("unknown") : status.serverVersion);
    m_checked->setText(QLocale().toString(QDateTime::currentDateTime().time(), QLocale::LongFormat));
    const bool ok = status.state == HealthStatus::State::Ready;
    m_ready->setStyleSheet(ok ? u"color: #1a7f37; font-weight: bold"_s : u"color: #cf222e; font-weight: bold"_s);
    statusBar()->showMessage(ok ? tr("Connected to %1").arg(m_monitor->server().toString())
                                : tr("Problem with %1").arg(m_monitor->server().toString()));
}

} // namespace Banter::Console
