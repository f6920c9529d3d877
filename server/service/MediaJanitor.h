#pragma once

#include "service/MediaService.h"

#include <QObject>
#include <QTimer>

#include <chrono>

namespace Banter::Server {

// Removes what media leaves behind, every interval: uploads nobody attached (after
// MediaSettings::unattachedSeconds), resumable uploads nobody added to (uploadIdleSeconds, with their parts),
// deleted media rows, and the files no row uses any more (under the blob's lock, so a file being stored again
// at that moment stays).
class MediaJanitor : public QObject
{
    Q_OBJECT
public:
    MediaJanitor(DbExecutor &db, BlobStore &store, MediaSettings settings, std::chrono::milliseconds interval,
                 QObject *parent = nullptr);

    void sweep();

private:
    DbExecutor &m_db;
    BlobStore &m_store;
    MediaSettings m_settings;
    QTimer m_timer;
    bool m_running = false;
};

} // namespace Banter::Server
