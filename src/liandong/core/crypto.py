"""国密 primitives the platform uses: SM3 digests and SM4 encryption of secrets at rest."""

import base64
import hashlib
import os

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

_SM4_BLOCK_BITS = 128
_FORMAT = b"sm4cbc1:"


def sm3_hex(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


def _key() -> bytes:
    key = bytes.fromhex(settings.SM4_KEY_HEX)
    if len(key) != 16:
        raise ValueError("the SM4 key must be 16 bytes (32 hex digits)")
    return key


def sm4_encrypt(plaintext: str) -> str:
    """Encrypt with SM4-CBC under the configured key and a random IV; returns ASCII text."""
    iv = os.urandom(16)
    padder = padding.PKCS7(_SM4_BLOCK_BITS).padder()
    data = padder.update(plaintext.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.SM4(_key()), modes.CBC(iv)).encryptor()
    sealed = encryptor.update(data) + encryptor.finalize()
    return (_FORMAT + base64.b64encode(iv + sealed)).decode()


UNREADABLE = "（无法解密：加密密钥与写入时不一致，请联系系统管理员）"


def sm4_decrypt_shown(token: str) -> str:
    """For showing a sealed value: its plaintext, or a note when it cannot be decrypted (the
    key changed since it was written) — one blank field with its note, not a failed page. The
    audit and the sweep see the failure; the person sees the note."""
    import logging

    try:
        return sm4_decrypt(token)
    except (ValueError, UnicodeDecodeError):
        logging.getLogger("liandong.crypto").error("an SM4 value could not be decrypted")
        return UNREADABLE


def sm4_decrypt(token: str) -> str:
    raw = token.encode()
    if not raw.startswith(_FORMAT):
        raise ValueError("not an SM4 token")
    blob = base64.b64decode(raw[len(_FORMAT) :])
    iv, sealed = blob[:16], blob[16:]
    decryptor = Cipher(algorithms.SM4(_key()), modes.CBC(iv)).decryptor()
    data = decryptor.update(sealed) + decryptor.finalize()
    unpadder = padding.PKCS7(_SM4_BLOCK_BITS).unpadder()
    return (unpadder.update(data) + unpadder.finalize()).decode()
