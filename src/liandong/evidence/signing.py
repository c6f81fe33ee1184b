"""SM2 signatures (GB/T 32918, with SM3) by the deployment's key. Pure Python (gmalg): about 10 ms a
signature, fine for packages, not for per-request work. No Django here: packages are verified on
machines without the platform's database or settings."""

import hashlib

import gmalg
from gmalg.errors import GMError

# GB/T 35276-2017: the default signer identity when none is agreed.
DEFAULT_UID = b"1234567812345678"


def public_key_for(private_hex: str) -> str:
    """The uncompressed public key (04 ‖ x ‖ y) as hex."""
    return gmalg.SM2().generate_pk(bytes.fromhex(private_hex)).hex()


def sign(message: bytes, private_hex: str) -> str:
    """The signature (r ‖ s, 64 bytes) as hex."""
    signer = gmalg.SM2(
        sk=bytes.fromhex(private_hex),
        uid=DEFAULT_UID,
        pk=bytes.fromhex(public_key_for(private_hex)),
    )
    r, s = signer.sign(message)
    # gmalg gives r and s in as few bytes as they need; the signature is each in 32 (GB/T 35276)
    return (r.rjust(32, b"\x00") + s.rjust(32, b"\x00")).hex()


def verify(message: bytes, signature_hex: str, public_hex: str) -> bool:
    try:
        raw = bytes.fromhex(signature_hex)
        if len(raw) != 64:
            return False
        verifier = gmalg.SM2(pk=bytes.fromhex(public_hex), uid=DEFAULT_UID)
        return bool(verifier.verify(message, raw[:32], raw[32:]))
    except (ValueError, TypeError, GMError):
        return False


def fingerprint(public_hex: str) -> str:
    """The first 128 bits of the key's SM3, grouped for reading aloud over the phone."""
    digest = hashlib.new("sm3", bytes.fromhex(public_hex)).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))
