"""How ``takatof render`` reaches a Dask cluster: the ``--cluster`` address and, for
``tls://``, the CA, certificate and key this client shows, all checked before anything starts.

Dask moves work as pickles: whoever can connect to a scheduler can run code as the user on
every worker and read what passes. So ``tls://`` is mutual TLS (the scheduler and this
client each prove they hold a certificate the campaign's CA signed; ``takatof cluster-certs``
makes them) with encryption required; ``tcp://`` still works, with a warning; ``local:N``
binds to this machine's loopback interface only.

The three TLS files come from ``--tls-ca-file``, ``--tls-cert`` and ``--tls-key``, each
falling back to Dask's own configuration (``distributed.comm.tls.ca-file``,
``distributed.comm.tls.client.cert``, ``distributed.comm.tls.client.key``: a Dask YAML
file or ``DASK_DISTRIBUTED__COMM__TLS__…`` variables), which may hold the PEM text itself.
Every problem is a :class:`~takatof.model.Problem` naming the option or setting to fix.
This module needs neither Dask (its configuration is read only when an option is missing)
nor the network.
"""

from __future__ import annotations

import ipaddress
import os
import ssl
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..model import Problem

SCHEMES = ("local:N", "tcp://HOST:PORT", "tls://HOST:PORT")


@dataclass(frozen=True)
class Field:
    """One TLS file: its command-line option, its Dask setting, and what it holds."""

    name: str  # TlsFiles attribute
    option: str
    setting: str
    what: str


FIELDS = (
    Field("ca", "--tls-ca-file", "distributed.comm.tls.ca-file", "the cluster's CA certificate"),
    Field("cert", "--tls-cert", "distributed.comm.tls.client.cert", "this client's certificate"),
    Field("key", "--tls-key", "distributed.comm.tls.client.key", "this client's private key"),
)


@dataclass(frozen=True)
class TlsFiles:
    """The client's side of mutual TLS: file paths, or PEM text from Dask's configuration."""

    ca: str
    cert: str
    key: str


def check_address(text: str) -> str:
    """``text`` when it is a --cluster address this command can use, else ValueError with a
    message that says which forms there are."""
    scheme, _, rest = text.partition("://")
    if not rest and text.startswith("local:"):
        count = text.split(":", 1)[1]
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"{text!r}: local:N takes a number of worker processes, at least 1")
        return text
    if scheme in ("tcp", "tls") and rest:
        host, port = _host_port(rest)
        if host and port is not None and 0 < port < 65536:
            return text
        raise ValueError(
            f"{text!r}: give the scheduler as {scheme}://HOST:PORT (e.g. {scheme}://10.0.0.5:8786)"
        )
    raise ValueError(f"{text!r}: use {', '.join(SCHEMES[:-1])} or {SCHEMES[-1]}")


def _host_port(rest: str) -> tuple[str, int | None]:
    """HOST and PORT of ``HOST:PORT`` or ``[IPv6]:PORT``; PORT None when it is no number."""
    if rest.startswith("["):
        host, _, after = rest[1:].partition("]")
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return "", None
        port = after[1:] if after.startswith(":") else ""
    else:
        host, _, port = rest.rpartition(":")
        if ":" in host or "/" in host or "@" in host:
            return "", None
    return host, int(port) if port.isdigit() else None


def plain_tcp_warning(address: str) -> str | None:
    """The one line a ``tcp://`` address earns on stderr (None for the others)."""
    if not address.startswith("tcp://"):
        return None
    return (
        f"warning: --cluster {address} is neither encrypted nor authenticated: anyone who can reach "
        "the scheduler can run code on its workers and read the campaign; use tls:// "
        "(takatof cluster-certs) unless this is a private, trusted network"
    )


def client_tls(
    address: str | None,
    given: Mapping[str, str | None],
    config: Callable[[str], str | None] | None = None,
) -> tuple[TlsFiles | None, list[Problem], list[str]]:
    """The TLS files for ``address``: ``given`` holds the options' values by field name
    (ca, cert, key); ``config`` reads a Dask setting (default: Dask's configuration).
    Returns the files (None for local:N and tcp://), the problems (each names the option or
    setting to fix; a missing or unreadable file names its path) and warnings to print."""
    named = [field for field in FIELDS if given.get(field.name)]
    if address is None or not address.startswith("tls://"):
        problems = [
            Problem(field.option, f"is for --cluster tls://HOST:PORT, not {address or 'a local render'}")
            for field in named
        ]
        return None, problems, []
    read = config or _dask_setting
    values: dict[str, tuple[str, str]] = {}  # field name -> (value, where it came from)
    for field in FIELDS:
        value = given.get(field.name)
        if value:
            values[field.name] = (value, field.option)
        elif value := read(field.setting):
            values[field.name] = (str(value), f"{field.setting} (Dask configuration)")
    missing = [field for field in FIELDS if field.name not in values]
    if missing:
        return None, [_missing(field) for field in missing], []
    problems = [problem for field in FIELDS if (problem := _unreadable(*values[field.name]))]
    if problems:
        return None, problems, []
    tls = TlsFiles(*(values[field.name][0] for field in FIELDS))
    problems = _unusable(tls, values)
    return (None if problems else tls), problems, _key_warnings(tls)


def _missing(field: Field) -> Problem:
    return Problem(
        field.option,
        f"--cluster tls:// needs {field.what}: give {field.option} FILE or set {field.setting} in "
        "Dask's configuration (takatof cluster-certs DIR makes the CA, certificates and keys)",
    )


def _inline(value: str) -> bool:
    """Dask's configuration may hold the PEM text itself rather than a path."""
    return "\n" in value


def _unreadable(value: str, where: str) -> Problem | None:
    if _inline(value):
        return None
    try:
        with open(value, "rb") as file:
            file.read(1)
    except OSError as exc:
        return Problem(where, f"cannot read {value}: {exc.strerror or exc}")
    return None


def _unusable(tls: TlsFiles, where: Mapping[str, tuple[str, str]]) -> list[Problem]:
    """What the ssl module says of the files before any connection: a CA that is no PEM
    certificate, a certificate and key that are not a pair."""
    ca_where, cert_where = where["ca"][1], where["cert"][1]
    try:
        if _inline(tls.ca):
            context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cadata=tls.ca)
        else:
            context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=tls.ca)
    except (ssl.SSLError, ValueError) as exc:
        return [Problem(ca_where, f"{_shown(tls.ca)} is not a PEM CA certificate ({_reason(exc)})")]
    try:
        with _as_files(tls.cert, tls.key) as (cert, key):
            context.load_cert_chain(cert, key)
    except ssl.SSLError as exc:
        return [
            Problem(
                cert_where,
                f"{_shown(tls.cert)} and {_shown(tls.key)} are not a PEM certificate and its "
                f"private key ({_reason(exc)})",
            )
        ]
    return []


def _key_warnings(tls: TlsFiles) -> list[str]:
    if _inline(tls.key):
        return []
    mode = os.stat(tls.key).st_mode
    if stat.S_IMODE(mode) & 0o077:
        return [f"warning: the private key {tls.key} can be read by other users: chmod 600 {tls.key}"]
    return []


def _shown(value: str) -> str:
    return "the PEM text in Dask's configuration" if _inline(value) else value


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "reason", None) or exc)


@contextmanager
def _as_files(*values: str) -> Iterator[list[str]]:
    """Paths for ``values``: a path as it is, PEM text written to a private temporary file."""
    with tempfile.TemporaryDirectory(prefix="takatof-tls-") as folder:
        paths = []
        for n, value in enumerate(values):
            if _inline(value):
                path = Path(folder) / f"{n}.pem"
                path.write_text(value, encoding="utf-8")
                paths.append(str(path))
            else:
                paths.append(value)
        yield paths


def _dask_setting(name: str) -> str | None:
    """A setting of Dask's configuration, or None (Dask missing: the render says so later)."""
    try:
        import dask.config
    except ImportError:
        return None
    value = dask.config.get(name, default=None)
    return str(value) if value else None
