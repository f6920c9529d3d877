#include "banter/client/ClientLog.h"

// The protocol clients' category; silence it with QT_LOGGING_RULES="banter.client.warning=false".
Q_LOGGING_CATEGORY(lcClient, "banter.client", QtInfoMsg)
