#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <functional>

namespace Banter::Console {

class MainWindow;

// Pictures for the documentation (`banter-console --screenshot-dir DIR`): logs in through the login dialog,
// waits until the live feed has delivered some metrics, then visits each page, selects something worth showing,
// and saves DIR/console-<page>.png, plus the login dialog (console-login.png) and a ban confirmation
// (console-ban-dialog.png). Emits finished() with an empty error when every picture was written.
class ScreenshotTour : public QObject
{
    Q_OBJECT
public:
    ScreenshotTour(MainWindow *window, const QString &directory, QObject *parent = nullptr);

    void setMinimumSamples(int samples) { m_minimumSamples = samples; }
    // Needs the window's login dialog open, with server and username filled in.
    void start(const QString &password);

signals:
    void finished(const QString &error);

private:
    void waitFor(std::function<bool()> ready, int timeoutMs, std::function<void()> then);
    void shootPages(int page);
    void shootBanDialog();
    bool save(const QPixmap &picture, const QString &name);
    void fail(const QString &error);
    QString errorText() const; // the login dialog's, while it is open

    MainWindow *m_window;
    QString m_directory;
    int m_minimumSamples = 30;
    bool m_done = false;
};

} // namespace Banter::Console
