#pragma once

#include "BenchOptions.h"

#include <QHash>
#include <QList>
#include <QString>

#include <cstdint>

// What setup created and when the load runs. Written by the main thread before the workers start and before
// startLoad is queued to them; read-only on every thread after that.
struct BenchPlan
{
    struct User
    {
        QString id;
        QString token;
        int group = 0;
    };
    struct Group
    {
        QString conversationId;
        QList<int> members; // indices into users; members[0] created the group
    };

    BenchOptions options;
    QList<User> users;
    QList<Group> groups;
    QHash<QString, int> groupByConversation;

    std::int64_t startUs = 0;       // load starts (warmup)
    std::int64_t windowStartUs = 0; // measurement window
    std::int64_t windowEndUs = 0;   // sending stops

    bool inWindow(std::int64_t t) const { return t >= windowStartUs && t < windowEndUs; }
};
