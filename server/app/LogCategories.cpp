// The per-module logging categories, defined once. Enable more with --log-rules "banter.http.debug=true".
#include "app/AppLog.h"
#include "bus/BusLog.h"
#include "crypto/CryptoLog.h"
#include "http/HttpLog.h"
#include "realtime/RealtimeLog.h"
#include "service/ServiceLog.h"
#include "storage/StorageLog.h"

Q_LOGGING_CATEGORY(lcApp, "banter.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "banter.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "banter.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCrypto, "banter.crypto", QtInfoMsg)
Q_LOGGING_CATEGORY(lcService, "banter.service", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRealtime, "banter.realtime", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBus, "banter.bus", QtInfoMsg)
