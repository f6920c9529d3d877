#pragma once

#include <banter/Result.h>

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace Banter::Server {

// A compact JWS (RFC 7515) split into its parts; nothing checked but the form.
struct JwsParts
{
    QJsonObject header;
    QJsonObject payload;
    QByteArray signingInput; // base64url(header) "." base64url(payload), as received
    QByteArray signature;    // decoded
};

// Signature checks of the ID tokens OpenID providers issue (OpenID Connect Core §3.1.3.7), against a public
// key given as a JWK (RFC 7517) from the provider's JWKS: RS256 (RSASSA-PKCS1-v1_5 with SHA-256, a "kty":"RSA"
// key from "n" and "e") and ES256 (ECDSA P-256 with SHA-256, a "kty":"EC", "crv":"P-256" key from "x" and "y").
// Every other "alg" is refused, "none" first among them, and so is an alg that does not fit the key's "kty"
// (an RSA key never verifies an HS256 token: the classic key-confusion attack), a key whose own "alg" or "use"
// says otherwise, RSA moduli under 2048 bits and EC points not on the curve.
//
// QCA 2.3 has RSA but no elliptic curves (and takes RSA keys only as DER/PEM), so this calls OpenSSL 3's EVP
// interface directly, as WebPushCrypto does; it stays in server/crypto/, the one place that touches crypto
// libraries.
class JwsVerifier
{
public:
    // Splits "header.payload.signature"; refuses anything but three base64url parts whose first two are JSON
    // objects. Error code invalid_token.
    static Result<JwsParts> parse(const QByteArray &compact);

    // Whether the signature of parts is the key's, under the alg its header names. Error code invalid_token
    // (with a message saying why) for every refusal, crypto_failed when OpenSSL itself fails.
    static Result<void> verify(const JwsParts &parts, const QJsonObject &jwk);

    // The algorithms verify() accepts, for the "alg" a header may carry.
    static bool isSupportedAlg(const QString &alg);
};

} // namespace Banter::Server
