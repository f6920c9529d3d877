#include "service/MediaJanitor.h"

#include "service/ServiceLog.h"
#include "storage/Transaction.h"

namespace Banter::Server {

MediaJanitor::MediaJanitor(DbExecutor &db, BlobStore &store, MediaSettings settings, std::chrono::milliseconds interval,
                           QObject *parent)
    : QObject(parent), m_db(db), m_store(store), m_settings(settings)
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &MediaJanitor::sweep);
    m_timer.start();
}

void MediaJanitor::sweep()
{
    if (m_running)
        return;
    m_running = true;
    m_db.run([this, settings = m_settings](DbSession &db) -> Result<int> {
            MediaRepository media(db);
            auto expired = media.expireUnattached(settings.unattachedSeconds);
            if (!expired)
                return expired.error();
            auto stale = media.staleUploads(settings.uploadIdleSeconds, 1000);
            if (!stale)
                return stale.error();
            for (const QString &id : stale.value())
                m_store.removeParts(id);
            auto blobs = media.purgeDeleted(1000);
            if (!blobs)
                return blobs.error();
            int removed = 0;
            for (const QString &blob : blobs.value()) {
                auto tx = Transaction::begin(db);
                if (!tx)
                    return tx.error();
                if (auto r = media.lockBlob(blob); !r)
                    return r.error();
                auto used = media.blobInUse(blob);
                if (!used)
                    return used.error();
                if (!used.value()) {
                    if (auto r = m_store.remove(blob); !r)
                        return r.error();
                    ++removed;
                }
                if (auto r = tx.value().commit(); !r)
                    return r.error();
            }
            if (expired.value() + stale.value().size() + removed > 0)
                qCInfo(lcService) << "media janitor:" << expired.value() << "unattached uploads expired,"
                                  << stale.value().size() << "stalled uploads removed," << removed << "files removed";
            return removed;
        })
        .then(this, [this](const Result<int> &r) {
            m_running = false;
            if (!r)
                qCWarning(lcService) << "media janitor:" << r.error().message;
        });
}

} // namespace Banter::Server
