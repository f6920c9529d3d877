#pragma once

#include "storage/DbSession.h"
#include "storage/MessageRepository.h"

#include <QDateTime>
#include <QHash>

#include <optional>

namespace Banter::Server {

struct ConversationMember
{
    qint64 userId = 0;
    QString username;
    QString displayName;
    QString role; // owner, admin, member
};

struct ConversationRecord
{
    qint64 id = 0;
    QString type; // direct, group
    QString title;
    QDateTime createdAt;
    QList<ConversationMember> members;
    bool e2ee = false; // end-to-end encrypted (migration 019)
};

struct ConversationSummary
{
    ConversationRecord conversation;
    qint64 unreadCount = 0;
    std::optional<StoredMessage> lastMessage;
};

struct NewConversation
{
    QString type;
    QString title;
    QString description; // groups
    qint64 createdBy = 0;
    QString directKey; // empty for groups
    QList<qint64> memberIds; // including the creator
    bool e2ee = false;
};

// Who may do what in a conversation: its type and its members' roles (owner, admin, member), in the order
// they joined, and where each one's history window starts.
struct ConversationAccess
{
    QString type;
    QHash<qint64, QString> roles;
    QList<qint64> memberIds;           // the longest-standing first
    QHash<qint64, qint64> visibleFrom; // member -> the first seq they see (0: everything)
    bool historyVisible = false;       // groups: whether members who join later see what came before
    bool e2ee = false;                 // end-to-end encrypted (migration 019): ciphertexts, no content

    // The owner or an admin: who administers a group.
    bool administers(qint64 userId) const
    {
        const QString role = roles.value(userId);
        return role == QLatin1StringView("owner") || role == QLatin1StringView("admin");
    }
};

// How far one member has received and read a conversation.
struct Receipt
{
    qint64 conversationId = 0;
    qint64 userId = 0;
    qint64 deliveredSeq = 0;
    qint64 readSeq = 0;
};

struct ReadMark
{
    qint64 conversationId = 0;
    qint64 userId = 0;
    qint64 seq = 0;
};

// Conversations and their membership.
class ConversationRepository
{
public:
    explicit ConversationRepository(DbSession &session) : m_session(session) {}

    // Inserts the conversation and its members (creator as owner); conflict when the direct key exists.
    Result<qint64> insert(const NewConversation &c);
    Result<std::optional<qint64>> findDirect(const QString &directKey);
    // Only when userId is a member.
    Result<std::optional<ConversationRecord>> findForMember(qint64 conversationId, qint64 userId);
    Result<QList<ConversationSummary>> listForUser(qint64 userId, int limit);
    Result<bool> isMember(qint64 conversationId, qint64 userId);
    Result<QHash<qint64, QList<qint64>>> membersOf(const QList<qint64> &conversationIds);
    // conversation -> (member, the first seq of their history window), for replays.
    Result<QHash<qint64, QList<std::pair<qint64, qint64>>>> memberWindows(const QList<qint64> &conversationIds);
    Result<QHash<qint64, ConversationAccess>> accessOf(const QList<qint64> &conversationIds);
    // The user's history windows (conversation -> first visible seq) in those of the conversations they belong
    // to; all of theirs without ids.
    Result<QHash<qint64, qint64>> windows(qint64 userId, const QList<qint64> &conversationIds);
    Result<QHash<qint64, qint64>> allWindows(qint64 userId);
    // conversation id -> its last seq after adding count to it. Locks those rows until commit.
    Result<QHash<qint64, qint64>> allocateSeqs(const QHash<qint64, int> &counts);
    Result<void> markRead(const QList<ReadMark> &marks);
    // Moves receipts forward (never back, never past the last seq); returns those that moved.
    Result<QList<Receipt>> updateReceipts(const QList<Receipt> &marks);
    Result<QList<Receipt>> receipts(qint64 conversationId);
    Result<qint64> countForUser(qint64 userId);
    // False when the user was not a member.
    Result<bool> removeMember(qint64 conversationId, qint64 userId);

private:
    static ConversationRecord recordFromRow(const class QSqlQuery &q);
    DbSession &m_session;
};

} // namespace Banter::Server
