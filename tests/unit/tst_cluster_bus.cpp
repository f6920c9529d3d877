// The cluster bus's pure parts: the wire format between nodes, and the tracker that makes every log position
// reach a node's sockets exactly once however it arrives (own writer, another node, a database replay).
#include "bus/BusMessage.h"
#include "bus/SeqTracker.h"

#include <QTest>

using namespace Banter::Server;
using namespace Qt::StringLiterals;

class TestClusterBus : public QObject
{
    Q_OBJECT
private slots:
    void batchRoundTrip()
    {
        BusMessage m;
        m.node = "node1#abc";
        m.kind = BusMessage::Kind::Batch;
        Outgoing a;
        a.to = Outgoing::To::Users;
        a.userIds = {1, 2, 3};
        a.conversationId = 7;
        a.seq = 42;
        a.exceptConnection = 99;
        a.packet = u"42[\"message:received\",{\"text\":\"grüße\"}]"_s;
        a.sessionPackets.insert(u"0b6f3c1e-1111-4c1d-9a3e-5f2b7c9d0e11"_s, u"42[\"message:received\",{\"ciphertext\":1}]"_s);
        a.sessionPackets.insert(u"0b6f3c1e-2222-4c1d-9a3e-5f2b7c9d0e11"_s, u"42[\"message:received\",{\"ciphertext\":2}]"_s);
        Outgoing b;
        b.to = Outgoing::To::Admins;
        b.packet = u"42/admin,[\"audit:entry\",{}]"_s;
        m.batch = {a, b};
        const auto back = BusMessage::decode(m.encode());
        QVERIFY(back);
        QCOMPARE(back->node, m.node);
        QCOMPARE(back->batch.size(), 2);
        QCOMPARE(back->batch[0].userIds, a.userIds);
        QCOMPARE(back->batch[0].seq, 42);
        QCOMPARE(back->batch[0].conversationId, 7);
        QCOMPARE(back->batch[0].exceptConnection, 99u);
        QCOMPARE(back->batch[0].packet, a.packet);
        QCOMPARE(back->batch[0].sessionPackets, a.sessionPackets); // per-device packets (E2EE) cross nodes too
        QVERIFY(back->batch[1].sessionPackets.isEmpty());
        QCOMPARE(int(back->batch[1].to), int(Outgoing::To::Admins));
    }

    void otherKindsRoundTrip()
    {
        BusMessage end;
        end.node = "n";
        end.kind = BusMessage::Kind::EndSession;
        end.sessionId = u"s-1"_s;
        QCOMPARE(BusMessage::decode(end.encode())->sessionId, u"s-1"_s);
        BusMessage presence;
        presence.node = "n";
        presence.kind = BusMessage::Kind::Presence;
        presence.userId = 5;
        presence.online = true;
        const auto p = BusMessage::decode(presence.encode());
        QVERIFY(p && p->online && p->userId == 5);
        BusMessage wanted;
        wanted.node = "n2";
        wanted.kind = BusMessage::Kind::SnapshotWanted;
        const auto w = BusMessage::decode(wanted.encode());
        QVERIFY(w && w->kind == BusMessage::Kind::SnapshotWanted && w->node == "n2");
        QVERIFY(!BusMessage::decode(wanted.encode() + "x")); // it carries nothing
    }

    void garbageIsRefused()
    {
        QVERIFY(!BusMessage::decode({}));
        QVERIFY(!BusMessage::decode("hello"));
        BusMessage m;
        m.node = "n";
        m.kind = BusMessage::Kind::EndUser;
        m.userId = 3;
        QByteArray bytes = m.encode();
        QVERIFY(!BusMessage::decode(bytes + "x"));           // trailing bytes
        QVERIFY(!BusMessage::decode(bytes.first(bytes.size() - 1))); // truncated
        bytes[9] = char(77); // the kind, after the magic (4) and the node (4 + 1): an unknown one
        QVERIFY(!BusMessage::decode(bytes));
        // A batch that claims more packets than it holds.
        BusMessage batch;
        batch.node = "n";
        Outgoing o;
        o.userIds = {1};
        batch.batch = {o};
        QByteArray b = batch.encode();
        QVERIFY(BusMessage::decode(b));
        QVERIFY(!BusMessage::decode(b.first(b.size() - 3)));
    }

    void inOrderAndDuplicates()
    {
        SeqTracker t;
        QVERIFY(t.admit(1, 10, 0));
        QVERIFY(t.admit(1, 11, 1));
        QVERIFY(!t.admit(1, 11, 2)); // the same position again (own publish, then the replay)
        QVERIFY(!t.admit(1, 10, 2));
        QVERIFY(t.admit(1, 12, 3));
        QVERIFY(t.overdueGaps(10000, 500).isEmpty());
    }

    void gapIsReportedOnceOverdueAndClosedByTheFill()
    {
        SeqTracker t;
        QVERIFY(t.admit(1, 1, 0));
        QVERIFY(t.admit(1, 4, 100)); // 2 and 3 missing
        QVERIFY(t.overdueGaps(300, 500).isEmpty()); // not overdue yet
        auto gaps = t.overdueGaps(700, 500);
        QCOMPARE(gaps.size(), 1);
        QCOMPARE(gaps[0].conversationId, 1);
        QCOMPARE(gaps[0].afterSeq, 1);
        QCOMPARE(gaps[0].upToSeq, 4);
        QVERIFY(t.overdueGaps(800, 500).isEmpty()); // asked once per period
        // The replay brings 2..4: 2 and 3 are new, 4 was delivered.
        QVERIFY(t.admit(1, 2, 900));
        QVERIFY(t.admit(1, 3, 900));
        QVERIFY(!t.admit(1, 4, 900));
        QVERIFY(t.overdueGaps(5000, 500).isEmpty());
        QVERIFY(t.admit(1, 5, 5000));
    }

    void aHoleThatKeepsMovingIsNotOverdue()
    {
        // Two nodes write one conversation: there is nearly always a position in flight, but never the same one.
        SeqTracker t;
        QVERIFY(t.admit(1, 1, 0));
        for (qint64 seq = 2, now = 100; seq < 40; seq += 2, now += 100) {
            QVERIFY(t.admit(1, seq + 1, now));     // the later one arrives first
            QVERIFY(t.overdueGaps(now, 500).isEmpty());
            QVERIFY(t.admit(1, seq, now + 50));    // then the earlier one
        }
        QVERIFY(t.overdueGaps(100000, 500).isEmpty());
    }

    void lateArrivalBelowTheFirstSeenPassesOnce()
    {
        SeqTracker t;
        QVERIFY(t.admit(1, 6, 0));  // node B's seq 6 arrived first
        QVERIFY(t.admit(1, 5, 10)); // node A's seq 5, committed a moment earlier
        QVERIFY(!t.admit(1, 5, 20));
        QVERIFY(!t.admit(1, 4, SeqTracker::LateWindowMs + 1)); // after the window, old positions stay old
    }

    void settleClosesWhatTheDatabaseDoesNotHave()
    {
        SeqTracker t;
        QVERIFY(t.admit(1, 1, 0));
        QVERIFY(t.admit(1, 5, 0));
        t.settle(1, 5);
        QVERIFY(t.overdueGaps(100000, 500).isEmpty());
        QVERIFY(!t.admit(1, 3, 100000));
        QVERIFY(t.admit(1, 6, 100000));
    }

    void headsShowTrailingLosses()
    {
        SeqTracker t;
        QVERIFY(t.admit(1, 1, 0));
        QVERIFY(t.admit(1, 2, 0));
        t.expect(1, 4, 100); // 3 and 4 were published elsewhere but never arrived; nothing follows them
        t.expect(1, 2, 100); // old news
        t.expect(9, 5, 100); // a conversation not tracked here, by a node that just started listening: ignored
        auto gaps = t.overdueGaps(700, 500);
        QCOMPARE(gaps.size(), 1);
        QCOMPARE(gaps[0].afterSeq, 2);
        QCOMPARE(gaps[0].upToSeq, 4);
        QVERIFY(t.admit(1, 3, 800));
        QVERIFY(t.admit(1, 4, 800));
        QVERIFY(t.overdueGaps(5000, 500).isEmpty());
        t.expect(1, 4, 5000); // heads repeat what was delivered: no gap
        QVERIFY(t.overdueGaps(9000, 500).isEmpty());
    }

    void headOfAnUntrackedConversationIsItsOwnGap()
    {
        SeqTracker t;
        t.expect(9, 5, 0, true); // the first publish of a quiet conversation was lost
        auto gaps = t.overdueGaps(600, 500);
        QCOMPARE(gaps.size(), 1);
        QCOMPARE(gaps[0].afterSeq, 4);
        QCOMPARE(gaps[0].upToSeq, 5);
        QVERIFY(t.admit(9, 5, 700));  // read back
        QVERIFY(!t.admit(9, 5, 800)); // once
        QVERIFY(t.overdueGaps(5000, 500).isEmpty());
    }

    void headsRoundTrip()
    {
        BusMessage m;
        m.node = "n";
        m.kind = BusMessage::Kind::Heads;
        m.heads = {{1, 10}, {2, 20}};
        const auto back = BusMessage::decode(m.encode());
        QVERIFY(back);
        QCOMPARE(back->heads, m.heads);
    }

    void idleConversationsAreForgotten()
    {
        SeqTracker t;
        QVERIFY(t.admit(1, 1, 0));
        QVERIFY(t.admit(2, 1, 0));
        QVERIFY(t.admit(2, 3, 0)); // an open gap keeps it
        t.forgetIdle(1000000, 1000);
        QCOMPARE(t.tracked(), 1);
    }
};

QTEST_GUILESS_MAIN(TestClusterBus)
#include "tst_cluster_bus.moc"
