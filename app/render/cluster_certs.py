"""Certificates for a campaign's own Dask cluster (``takatof cluster-certs DIR``).

Dask's TLS is mutual: the scheduler, every worker and every client show a certificate, and
each accepts only peers whose certificate the cluster's CA signed. Dask ships no command
that makes them (``Security.temporary()`` makes one self-signed pair in memory, for a
single process), so this module makes a small CA and one certificate per role:

=============  ==================================================================
``ca.pem``     the CA certificate: copied to every machine (``--tls-ca-file``)
``ca.key``     the CA's private key: stays where the certificates were made
``scheduler``  ``.pem`` + ``.key`` for ``dask scheduler`` (server and client use)
``worker``     ``.pem`` + ``.key`` for ``dask worker`` (server and client use)
``client``     ``.pem`` + ``.key`` for ``takatof render --cluster tls://…``
=============  ==================================================================

Dask does not check host names (``check_hostname`` is off: a cluster has its own CA and
is often reached by IP), so what a certificate proves is "signed by this CA". The names
and addresses given with ``--host`` still go into the scheduler's and workers'
subjectAltName, for tools that do check them. Keys are EC P-256, written mode 0600.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_MODE = 0o600


@dataclass(frozen=True)
class Role:
    """One certificate the command makes: its file stem, subject and extended key uses."""

    stem: str
    common_name: str
    server: bool  # listens for connections (needs serverAuth and the --host names)


ROLES = (
    Role("scheduler", "takatof dask scheduler", server=True),
    Role("worker", "takatof dask worker", server=True),
    Role("client", "takatof render client", server=False),
)
CA_STEM = "ca"


class CertsExist(Exception):
    """Files the command would overwrite (pass ``force`` to replace them)."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)
        super().__init__(", ".join(str(p) for p in self.paths))


def planned_files(folder: Path) -> list[Path]:
    """Every file :func:`make_certs` writes into ``folder``, in the order it writes them."""
    return [
        folder / f"{stem}.{ext}" for stem in (CA_STEM, *(r.stem for r in ROLES)) for ext in ("pem", "key")
    ]


def make_certs(
    folder: Path,
    hosts: Sequence[str],
    days: int,
    force: bool = False,
    now: datetime.datetime | None = None,
) -> list[Path]:
    """Write a new CA and the scheduler, worker and client certificates into ``folder``
    (made if missing) and return the files written. Refuses (:class:`CertsExist`), before
    writing anything, when one of them exists and ``force`` is false: a second run must not
    silently replace a CA whose certificates are already on the cluster's machines."""
    if days < 1:
        raise ValueError(f"days should be at least 1, got {days}")
    sans = [_san(host) for host in hosts]  # a bad --host fails before any file is written
    files = planned_files(folder)
    existing = [path for path in files if path.exists() or path.is_symlink()]
    if existing and not force:
        raise CertsExist(existing)
    folder.mkdir(parents=True, exist_ok=True)
    start = (now or datetime.datetime.now(datetime.UTC)) - datetime.timedelta(minutes=5)
    end = start + datetime.timedelta(days=days)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = _ca_certificate(ca_key, start, end)
    _write(folder / f"{CA_STEM}.key", _key_pem(ca_key), KEY_MODE)
    _write(folder / f"{CA_STEM}.pem", ca_cert.public_bytes(serialization.Encoding.PEM), 0o644)
    for role in ROLES:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _leaf_certificate(role, key, ca_cert, ca_key, sans if role.server else [], start, end)
        _write(folder / f"{role.stem}.key", _key_pem(key), KEY_MODE)
        _write(folder / f"{role.stem}.pem", cert.public_bytes(serialization.Encoding.PEM), 0o644)
    return files


def _san(host: str) -> x509.GeneralName:
    """A --host as a subjectAltName entry: an IP address, else a DNS name."""
    text = host.strip()
    try:
        return x509.IPAddress(ipaddress.ip_address(text))
    except ValueError:
        pass
    if not text or any(c.isspace() or c in "/:@" for c in text):
        raise ValueError(f"{host!r} is neither an IP address nor a host name")
    return x509.DNSName(text)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "takatof cluster"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _ca_certificate(
    key: ec.EllipticCurvePrivateKey, start: datetime.datetime, end: datetime.datetime
) -> x509.Certificate:
    name = _name("takatof cluster CA")
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def _leaf_certificate(
    role: Role,
    key: ec.EllipticCurvePrivateKey,
    ca_cert: x509.Certificate,
    ca_key: ec.EllipticCurvePrivateKey,
    sans: list[x509.GeneralName],
    start: datetime.datetime,
    end: datetime.datetime,
) -> x509.Certificate:
    # The scheduler and the workers both listen and connect to each other; a client only connects.
    uses = [ExtendedKeyUsageOID.CLIENT_AUTH, *([ExtendedKeyUsageOID.SERVER_AUTH] if role.server else [])]
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(role.common_name))
        .issuer_name(ca_cert.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage(uses), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
    )
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    return builder.sign(ca_key, hashes.SHA256())


def _usage(cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _write(path: Path, data: bytes, mode: int) -> None:
    """Write ``path`` with ``mode`` from its first byte (a key is never readable by others,
    not even for a moment), replacing a file there (``force``) rather than writing into it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.chmod(temporary, mode)  # the umask may have taken bits away from a certificate
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
