"""User tokens for a court's calls, signed the way a court's sign-on signs them (PyJWT, ES256).

Every call of a court or the command centre carries ``authorization: Bearer <JWT>`` signed with the
court's own key: ``iss`` is the court's principal (read here from its client certificate), ``aud`` the
platform, ``sub`` the user id, ``name``, ``roles``, ``iat`` and ``exp`` (at most an hour later). The key
id ``kid`` is the RFC 7638 thumbprint of the court's public key, as in the JWKS the court registered.
In development the server made each court's signing key under ``pki/users/<identity>-signing-key.pem``.

    from enforcement_tokens import user_metadata
    metadata = user_metadata(pki, "court-0105", "li.fang", ["judge"], name="李芳")
"""
import base64
import hashlib
import json
import os
import time
import urllib.parse

AUDIENCE = "urn:enforcement:platform"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def principal_of(certificate_pem: bytes) -> str:
    """The urn:enforcement: principal a client certificate names in its URI SAN."""
    from cryptography import x509

    certificate = x509.load_pem_x509_certificate(certificate_pem)
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    uris = [u for u in names.get_values_for_type(x509.UniformResourceIdentifier) if u.startswith("urn:enforcement:")]
    if len(uris) != 1:
        raise ValueError("the certificate names no single urn:enforcement: principal")
    return urllib.parse.unquote(uris[0])


def thumbprint(public_key) -> str:
    """RFC 7638 thumbprint of an EC P-256 public key: the kid of its JWK."""
    numbers = public_key.public_numbers()
    jwk = {"crv": "P-256", "kty": "EC", "x": _b64(numbers.x.to_bytes(32, "big")), "y": _b64(numbers.y.to_bytes(32, "big"))}
    return _b64(hashlib.sha256(json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode()).digest())


def user_token(pki: str, identity: str, user: str, roles, name: str = None, lifetime: int = 600,
               audience: str = AUDIENCE, issued_at: int = None) -> str:
    import jwt
    from cryptography.hazmat.primitives import serialization

    with open(os.path.join(pki, "clients", f"{identity}.pem"), "rb") as f:
        issuer = principal_of(f.read())
    with open(os.path.join(pki, "users", f"{identity}-signing-key.pem"), "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    now = int(time.time()) if issued_at is None else issued_at
    claims = {"iss": issuer, "aud": audience, "sub": user, "name": name or user, "roles": list(roles),
              "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, key, algorithm="ES256", headers={"kid": thumbprint(key.public_key())})


def user_metadata(pki: str, identity: str, user: str, roles, name: str = None, **extra):
    """gRPC metadata carrying the user's token."""
    return (("authorization", "Bearer " + user_token(pki, identity, user, roles, name=name, **extra)),)
