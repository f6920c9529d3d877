#include "LeanProbeLedger.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace {
QJsonDocument parseJson(std::string_view text)
{
    return QJsonDocument::fromJson(QByteArray::fromRawData(text.data(), qsizetype(text.size())));
}
} // namespace

LeanProbeLedger::LeanProbeLedger(std::vector<int> groupOfUser, int devices, int sockets)
    : m_groupOfUser(std::move(groupOfUser)), m_devices(devices), m_hits(std::size_t(sockets), 0)
{
    int groups = 0;
    for (const int g : m_groupOfUser)
        groups = std::max(groups, g + 1);
    m_idByGroup.resize(std::size_t(groups));
    m_senderByGroup.assign(std::size_t(groups), -1);
    m_answered.assign(std::size_t(groups), 0);
}

std::string LeanProbeLedger::start(const Send &send, int senderSocket)
{
    const std::size_t g = std::size_t(send.group);
    m_idByGroup[g] = send.clientMessageId;
    m_senderByGroup[g] = senderSocket;
    const QJsonArray event{QStringLiteral("message:send"),
                           QJsonObject{{QStringLiteral("conversationId"), QString::fromStdString(send.conversationId)},
                                       {QStringLiteral("content"), QStringLiteral("probe")},
                                       {QStringLiteral("clientMessageId"), QString::fromStdString(send.clientMessageId)}}};
    return "42" + std::to_string(send.group) + QJsonDocument(event).toJson(QJsonDocument::Compact).toStdString();
}

void LeanProbeLedger::senderUnavailable(int group)
{
    m_answered[std::size_t(group)] = 1;
    ackFailed("the sending socket is not connected");
}

void LeanProbeLedger::ackFailed(const std::string &why)
{
    if (m_firstAckError.empty())
        m_firstAckError = why;
    ++acksFailed;
}

void LeanProbeLedger::delivered(int socket, std::string_view packet)
{
    const QJsonArray args = parseJson(packet.substr(2)).array();
    const QString id = args.at(1).toObject().value(QLatin1StringView("message")).toObject()
                           .value(QLatin1StringView("clientMessageId")).toString();
    if (!id.startsWith(QLatin1StringView("probe-")))
        return;
    if (id.toStdString() != m_idByGroup[std::size_t(groupOf(socket))]) {
        ++m_foreign;
        return;
    }
    std::uint16_t &hits = m_hits[std::size_t(socket)];
    if (hits < 0xFFFF)
        ++hits;
    ++deliveries;
}

bool LeanProbeLedger::acked(int socket, std::string_view packet)
{
    std::size_t end = 2;
    while (end < packet.size() && packet[end] >= '0' && packet[end] <= '9')
        ++end;
    std::size_t group = ~std::size_t(0);
    if (end > 2 && end - 2 <= 9)
        group = std::size_t(std::stoul(std::string(packet.substr(2, end - 2))));
    if (group >= m_senderByGroup.size() || m_senderByGroup[group] != socket || m_answered[group])
        return false;
    m_answered[group] = 1;
    const QJsonObject answer = parseJson(packet.substr(end)).array().at(0).toObject();
    if (answer.value(QLatin1StringView("ok")).toBool())
        ++acksOk;
    else
        ackFailed(QJsonDocument(answer).toJson(QJsonDocument::Compact).left(300).toStdString());
    return true;
}

LeanProbeLedger::Tally LeanProbeLedger::tally() const
{
    Tally t;
    for (std::size_t i = 0; i < m_hits.size(); ++i) {
        const int sender = m_senderByGroup[std::size_t(groupOf(int(i)))];
        if (sender < 0)
            continue;
        const std::uint16_t hits = m_hits[i];
        if (int(i) == sender) {
            t.echoes += hits;
            continue;
        }
        ++t.expected;
        t.received += hits;
        if (hits == 0)
            ++t.missing;
        else
            t.duplicates += hits - 1;
    }
    t.foreign = m_foreign;
    t.acksOk = acksOk.load();
    t.acksFailed = acksFailed.load();
    t.firstAckError = m_firstAckError;
    return t;
}
