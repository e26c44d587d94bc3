"""Checks Lineage certificates with independent code: PyPI `cryptography` for Ed25519, hashlib for SHA-256.

    check_dsse.py verify ENVELOPE PUBKEY_PEM [FILE...]   exit 0 when the DSSE signature over the pre-authentication
                                                        encoding verifies, the payload is an in-toto Statement v1,
                                                        and each FILE's SHA-256 equals the subject of the same name
    check_dsse.py sign STATEMENT ENVELOPE_OUT KEY_PEM_OUT  sign a statement here, for Lineage to verify
"""

import base64
import hashlib
import json
import os
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PAYLOAD_TYPE = "application/vnd.in-toto+json"


def pae(payload_type: str, body: bytes) -> bytes:
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(body), body)


def fail(message: str) -> None:
    print(f"FAIL {message}")
    sys.exit(1)


def verify(envelope_path: str, key_path: str, files: list[str]) -> None:
    with open(envelope_path, "rb") as handle:
        envelope = json.load(handle)
    if set(envelope) != {"payload", "payloadType", "signatures"}:
        fail(f"envelope fields {sorted(envelope)}")
    if envelope["payloadType"] != PAYLOAD_TYPE:
        fail(f"payloadType {envelope['payloadType']}")
    with open(key_path, "rb") as handle:
        key = serialization.load_pem_public_key(handle.read())
    if not isinstance(key, Ed25519PublicKey):
        fail("the public key is not Ed25519")
    body = base64.b64decode(envelope["payload"], validate=True)
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    verified = False
    for signature in envelope["signatures"]:
        if signature.get("keyid") != hashlib.sha256(raw).hexdigest():
            continue
        try:
            key.verify(base64.b64decode(signature["sig"], validate=True), pae(envelope["payloadType"], body))
            verified = True
        except InvalidSignature:
            pass
    if not verified:
        fail("no signature verifies over PAE(payloadType, payload)")
    statement = json.loads(body)
    if statement.get("_type") != "https://in-toto.io/Statement/v1":
        fail(f"_type {statement.get('_type')}")
    if not isinstance(statement.get("predicateType"), str) or not statement["predicateType"]:
        fail("predicateType")
    subjects = statement.get("subject")
    if not isinstance(subjects, list) or not subjects:
        fail("subject")
    digests = {}
    for subject in subjects:
        sha256 = subject.get("digest", {}).get("sha256", "")
        if len(sha256) != 64 or sha256 != sha256.lower() or any(c not in "0123456789abcdef" for c in sha256):
            fail(f"subject {subject.get('name')}: sha256 {sha256!r}")
        digests[os.path.basename(subject.get("name", "_"))] = sha256
    for path in files:
        with open(path, "rb") as handle:
            actual = hashlib.sha256(handle.read()).hexdigest()
        if digests.get(os.path.basename(path)) != actual:
            fail(f"{path}: sha256 {actual} is not the subject's {digests.get(os.path.basename(path))}")
    print(f"ok signature, statement with {len(subjects)} subjects, {len(files)} files match")


def sign(statement_path: str, envelope_path: str, key_path: str) -> None:
    key = Ed25519PrivateKey.generate()
    with open(statement_path, "rb") as handle:
        body = handle.read()
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    envelope = {
        "payload": base64.b64encode(body).decode(),
        "payloadType": PAYLOAD_TYPE,
        "signatures": [
            {"keyid": hashlib.sha256(raw).hexdigest(), "sig": base64.b64encode(key.sign(pae(PAYLOAD_TYPE, body))).decode()}
        ],
    }
    with open(envelope_path, "w") as handle:
        json.dump(envelope, handle)
    with open(key_path, "wb") as handle:
        handle.write(
            key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        )
    print("ok signed")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "verify":
        verify(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) == 5 and sys.argv[1] == "sign":
        sign(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        print(__doc__)
        sys.exit(2)
