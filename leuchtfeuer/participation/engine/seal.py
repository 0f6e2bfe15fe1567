"""Sealed ballots: the content of a ballot encrypted with AES-GCM (no Django in here).

A ballot is written in the vote's transaction next to the voter's "has voted" marker, so whatever
the database keeps about that transaction (row order, PostgreSQL `xmin`/`ctid`, SQLite `rowid`)
links the two rows. The sealed ballot makes that link worthless without the key: its content is
encrypted under a key derived from the server's secret, which is never stored in the database.
When the vote is over, all sealed ballots of a budget are opened in one batch and written as plain
ballots in random order (`participation.ballots.ballots_unseal`).

Plaintext layout (big-endian): version (1 byte), paper flag (1 byte), number of entries (2 bytes),
then per entry the proposal id (8 bytes) and the points (2 bytes), then zero bytes up to a fixed
length. The length depends only on the number of proposals on the ballot (rounded up to
`BUCKET` bytes), not on how many the voter chose, so the ciphertext length tells nothing either.
"""

from __future__ import annotations

import functools
import os
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

INFO = b"leuchtfeuer ballot seal"
VERSION = 1
NONCE_BYTES = 12  # 96 bits, fresh and random for every ballot
TAG_BYTES = 16
BUCKET = 512  # plaintext lengths are multiples of this (holds 50 choices)
_HEADER = struct.Struct(">BBH")  # version, is_paper, number of entries
_ENTRY = struct.Struct(">QH")  # proposal id, points


class SealError(ValueError):
    """A sealed ballot that none of the keys opens, or whose content is malformed."""


@dataclass(frozen=True)
class OpenBallot:
    choices: tuple[tuple[int, int], ...]  # (proposal id, points), sorted by proposal id
    is_paper: bool


@functools.lru_cache(maxsize=16)
def derive_key(secret: str | bytes) -> bytes:
    """A 256-bit AES key from a server secret (HKDF-SHA256, fixed purpose string)."""
    material = secret.encode() if isinstance(secret, str) else secret
    if not material:
        raise SealError("Kein Schlüssel: SECRET_KEY ist leer.")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(material)


def padded_length(entries: int, capacity: int) -> int:
    """Plaintext length for a ballot with `entries` choices out of `capacity` proposals."""
    needed = _HEADER.size + _ENTRY.size * max(entries, capacity, 1)
    return -(-needed // BUCKET) * BUCKET


def seal(key: bytes, choices: dict[int, int], *, is_paper: bool, aad: bytes, capacity: int) -> bytes:
    """nonce ‖ AES-GCM(ciphertext ‖ tag). `aad` binds the sealed ballot to its budget;
    `capacity` is the number of proposals on the ballot (for the fixed padded length)."""
    entries = sorted(choices.items())
    plain = bytearray(_HEADER.pack(VERSION, int(is_paper), len(entries)))
    for proposal_id, points in entries:
        plain += _ENTRY.pack(proposal_id, points)
    plain += bytes(padded_length(len(entries), capacity) - len(plain))
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, bytes(plain), aad)


def unseal(keys: list[bytes], blob: bytes, *, aad: bytes) -> OpenBallot:
    """Open a sealed ballot with the first key that fits (the current one, then older ones)."""
    blob = bytes(blob)
    if len(blob) < NONCE_BYTES + TAG_BYTES + _HEADER.size:
        raise SealError("Der versiegelte Stimmzettel ist zu kurz.")
    nonce, body = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    for key in keys:
        try:
            plain = AESGCM(key).decrypt(nonce, body, aad)
        except InvalidTag:
            continue
        return _parse(plain)
    raise SealError("Der versiegelte Stimmzettel lässt sich mit keinem der Schlüssel öffnen.")


def _parse(plain: bytes) -> OpenBallot:
    version, is_paper, count = _HEADER.unpack_from(plain, 0)
    end = _HEADER.size + count * _ENTRY.size
    if version != VERSION or is_paper not in (0, 1) or end > len(plain) or any(plain[end:]):
        raise SealError("Der Inhalt des versiegelten Stimmzettels ist nicht lesbar.")
    choices = tuple(_ENTRY.unpack_from(plain, _HEADER.size + i * _ENTRY.size) for i in range(count))
    return OpenBallot(choices=choices, is_paper=bool(is_paper))
