// The key directory's and the E2EE ciphertexts' formats (issue #15, service/E2eeRules): what is accepted and
// what is refused before anything reaches the database. The directory and the relay themselves are tested
// against a real banterd with libsignal (compat e2ee.test.mjs).
#include "service/E2eeRules.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Banter;
using namespace Banter::Server;
using namespace Qt::StringLiterals;

namespace {

QString b64(int bytes, char fill = 'k')
{
    return QString::fromLatin1(QByteArray(bytes, fill).toBase64());
}

QJsonObject goodKeys()
{
    return {{u"identityKey"_s, b64(33)},
            {u"registrationId"_s, 4242},
            {u"signedPreKey"_s, QJsonObject{{u"id"_s, 1}, {u"publicKey"_s, b64(33)}, {u"signature"_s, b64(64)}}},
            {u"kyberPreKey"_s, QJsonObject{{u"id"_s, 7}, {u"publicKey"_s, b64(1569)}, {u"signature"_s, b64(64)}}},
            {u"oneTimePreKeys"_s, QJsonArray{QJsonObject{{u"id"_s, 1}, {u"publicKey"_s, b64(33)}},
                                             QJsonObject{{u"id"_s, 2}, {u"publicKey"_s, b64(33)}}}}};
}

QJsonObject ciphertext(QJsonValue user, QJsonValue device, QJsonValue type, QJsonValue body)
{
    return {{u"userId"_s, user}, {u"deviceId"_s, device}, {u"type"_s, type}, {u"body"_s, body}};
}

} // namespace

class TestE2eeRules : public QObject
{
    Q_OBJECT
private slots:
    void goodKeysParse()
    {
        const auto k = E2eeRules::deviceKeys(goodKeys());
        QVERIFY2(k, qPrintable(k ? QString() : k.error().message));
        QCOMPARE(k->registrationId, 4242);
        QCOMPARE(k->identityKey, QByteArray(33, 'k'));
        QCOMPARE(k->signedPreKeyId, 1);
        QCOMPARE(*k->kyberPreKeyId, 7);
        QCOMPARE(k->kyberPreKey.size(), qsizetype(1569));
        QCOMPARE(k->oneTimePreKeys.size(), qsizetype(2));
        QJsonObject noKyber = goodKeys();
        noKyber.remove(u"kyberPreKey"_s);
        noKyber.remove(u"oneTimePreKeys"_s);
        const auto minimal = E2eeRules::deviceKeys(noKyber);
        QVERIFY(minimal);
        QVERIFY(!minimal->kyberPreKeyId);
        QVERIFY(minimal->oneTimePreKeys.isEmpty());
    }

    void badKeys_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("identity 32 bytes") << u"identityKey"_s << QJsonValue(b64(32));
        QTest::newRow("identity 34 bytes") << u"identityKey"_s << QJsonValue(b64(34));
        QTest::newRow("identity not base64") << u"identityKey"_s << QJsonValue(u"!!!"_s);
        QTest::newRow("identity url-safe alphabet") << u"identityKey"_s << QJsonValue(b64(33, char(0xfb)).replace(u'+', u'-').replace(u'/', u'_'));
        QTest::newRow("identity unpadded") << u"identityKey"_s << QJsonValue(b64(32).chopped(1));
        QTest::newRow("identity a number") << u"identityKey"_s << QJsonValue(5);
        QTest::newRow("registration 0") << u"registrationId"_s << QJsonValue(0);
        QTest::newRow("registration too big") << u"registrationId"_s << QJsonValue(16381);
        QTest::newRow("registration fraction") << u"registrationId"_s << QJsonValue(1.5);
        QTest::newRow("registration huge") << u"registrationId"_s << QJsonValue(1e300);
        QTest::newRow("registration a string") << u"registrationId"_s << QJsonValue(u"12"_s);
        QTest::newRow("signed pre-key missing") << u"signedPreKey"_s << QJsonValue();
        QTest::newRow("signed pre-key id 0") << u"signedPreKey"_s
            << QJsonValue(QJsonObject{{u"id"_s, 0}, {u"publicKey"_s, b64(33)}, {u"signature"_s, b64(64)}});
        QTest::newRow("signed pre-key id 2^24") << u"signedPreKey"_s
            << QJsonValue(QJsonObject{{u"id"_s, 1 << 24}, {u"publicKey"_s, b64(33)}, {u"signature"_s, b64(64)}});
        QTest::newRow("signature 63 bytes") << u"signedPreKey"_s
            << QJsonValue(QJsonObject{{u"id"_s, 1}, {u"publicKey"_s, b64(33)}, {u"signature"_s, b64(63)}});
        QTest::newRow("kyber key 33 bytes") << u"kyberPreKey"_s
            << QJsonValue(QJsonObject{{u"id"_s, 1}, {u"publicKey"_s, b64(33)}, {u"signature"_s, b64(64)}});
        QTest::newRow("one-time keys not an array") << u"oneTimePreKeys"_s << QJsonValue(QJsonObject{});
        QTest::newRow("one-time key id twice") << u"oneTimePreKeys"_s
            << QJsonValue(QJsonArray{QJsonObject{{u"id"_s, 3}, {u"publicKey"_s, b64(33)}},
                                     QJsonObject{{u"id"_s, 3}, {u"publicKey"_s, b64(33)}}});
        QJsonArray tooMany;
        for (int i = 1; i <= E2eeRules::MaxPreKeysPerUpload + 1; ++i)
            tooMany.append(QJsonObject{{u"id"_s, i}, {u"publicKey"_s, b64(33)}});
        QTest::newRow("201 one-time keys") << u"oneTimePreKeys"_s << QJsonValue(tooMany);
        QTest::newRow("an unknown field") << u"deviceName"_s << QJsonValue(u"phone"_s);
    }
    void badKeys()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QJsonObject body = goodKeys();
        if (value.isUndefined() || value.isNull())
            body.remove(path);
        else
            body.insert(path, value);
        const auto k = E2eeRules::deviceKeys(body);
        QVERIFY(!k);
        QCOMPARE(k.error().code, QString(ErrorCode::ValidationFailed));
    }

    void notAnObject()
    {
        QCOMPARE(E2eeRules::deviceKeys(QJsonArray{}).error().code, QString(ErrorCode::InvalidJson));
    }

    void ciphertexts()
    {
        const auto ok = E2eeRules::ciphertexts(QJsonArray{ciphertext(u"12"_s, 1, 3, b64(200)), ciphertext(12, 2, 2, b64(1))});
        QVERIFY2(ok, qPrintable(ok ? QString() : ok.error().message));
        QCOMPARE(ok->size(), qsizetype(2));
        QCOMPARE(ok->at(0).userId, qint64(12));
        QCOMPARE(ok->at(0).type, 3);
        QCOMPARE(ok->at(0).body, QByteArray(200, 'k'));
        QVERIFY(E2eeRules::ciphertexts(QJsonArray{})); // nobody else has keys yet
        QVERIFY(E2eeRules::ciphertexts(QJsonArray{ciphertext(1, 1, 2, b64(E2eeRules::MaxCiphertextBytes))}));
    }

    void badCiphertexts_data()
    {
        QTest::addColumn<QJsonValue>("list");
        QTest::newRow("not an array") << QJsonValue(QJsonObject{});
        QTest::newRow("an entry not an object") << QJsonValue(QJsonArray{1});
        QTest::newRow("user id 0") << QJsonValue(QJsonArray{ciphertext(0, 1, 3, b64(5))});
        QTest::newRow("user id text") << QJsonValue(QJsonArray{ciphertext(u"bob"_s, 1, 3, b64(5))});
        QTest::newRow("user id with a sign") << QJsonValue(QJsonArray{ciphertext(u"+5"_s, 1, 3, b64(5))});
        QTest::newRow("device 0") << QJsonValue(QJsonArray{ciphertext(5, 0, 3, b64(5))});
        QTest::newRow("device 128") << QJsonValue(QJsonArray{ciphertext(5, 128, 3, b64(5))});
        QTest::newRow("type 0") << QJsonValue(QJsonArray{ciphertext(5, 1, 0, b64(5))});
        QTest::newRow("type 256") << QJsonValue(QJsonArray{ciphertext(5, 1, 256, b64(5))});
        QTest::newRow("empty body") << QJsonValue(QJsonArray{ciphertext(5, 1, 3, u""_s)});
        QTest::newRow("body too big") << QJsonValue(QJsonArray{ciphertext(5, 1, 3, b64(E2eeRules::MaxCiphertextBytes + 1))});
        QTest::newRow("body not base64") << QJsonValue(QJsonArray{ciphertext(5, 1, 3, u"a b c d"_s)});
        QTest::newRow("a device twice") << QJsonValue(QJsonArray{ciphertext(5, 1, 3, b64(5)), ciphertext(u"5"_s, 1, 2, b64(6))});
    }
    void badCiphertexts()
    {
        QFETCH(QJsonValue, list);
        const auto r = E2eeRules::ciphertexts(list);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QString(ErrorCode::ValidationFailed));
    }
};

QTEST_GUILESS_MAIN(TestE2eeRules)
#include "tst_e2ee_rules.moc"
