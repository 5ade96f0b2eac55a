"""The command line's side of Dask clusters: ``render --cluster`` with its TLS options, and
``takatof cluster-certs DIR``, which makes a campaign's CA and certificates.

:mod:`takatof.cli` lists them (:func:`add_tls_options`, :func:`cluster_address`,
:func:`cluster_tls`, :func:`add_parser`, :func:`cmd_cluster_certs`); the checks themselves
are in :mod:`takatof.render.cluster_access`, the certificates in
:mod:`takatof.render.cluster_certs` (which needs the ``cryptography`` package).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .model import Problem, ProjectError
from .render.cluster_access import FIELDS, TlsFiles, check_address, client_tls, plain_tcp_warning

CLUSTER_HELP = (
    "render on a Dask cluster: local:N (N worker processes on this machine, loopback only), "
    "tls://HOST:PORT (a running `dask scheduler` with TLS: give --tls-ca-file, --tls-cert, --tls-key) "
    "or tcp://HOST:PORT (unencrypted, unauthenticated: a private trusted network only); "
    "needs pip install 'takatof[cluster]'"
)

_TLS_HELP = {
    "ca": "the cluster's CA certificate (PEM), for --cluster tls://; default: Dask's "
    "distributed.comm.tls.ca-file",
    "cert": "this client's certificate (PEM) signed by that CA; default: Dask's distributed.comm.tls.client.cert",
    "key": "this client's private key (PEM); default: Dask's distributed.comm.tls.client.key",
}


DEFAULT_HOSTS = ("localhost", "127.0.0.1")  # what a certificate names when no --host is given
DEFAULT_DAYS = 365


def cluster_address(text: str) -> str:
    """An argparse type: local:N, tls://HOST:PORT or tcp://HOST:PORT, checked before anything starts."""
    try:
        return check_address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_tls_options(render: argparse.ArgumentParser) -> None:
    """--tls-ca-file, --tls-cert and --tls-key on the render command."""
    for field in FIELDS:
        render.add_argument(
            field.option, dest=f"tls_{field.name}", metavar="FILE", default=None, help=_TLS_HELP[field.name]
        )


def cluster_tls(args: argparse.Namespace) -> TlsFiles | None:
    """The TLS files for ``args.cluster`` (None unless tls://), checked before anything starts:
    a missing or unreadable file, or TLS options without tls://, is a command-line problem
    (exit 2). A tcp:// address and a key others can read earn a warning on stderr."""
    given = {field.name: getattr(args, f"tls_{field.name}", None) for field in FIELDS}
    tls, problems, warnings = client_tls(args.cluster, given)
    if problems:
        raise ProjectError("command line", problems)
    warning = plain_tcp_warning(args.cluster or "")
    for line in [*([warning] if warning else []), *warnings]:
        print(line, file=sys.stderr)
    return tls


def add_parser(commands: Any) -> argparse.ArgumentParser:
    """The ``cluster-certs`` command on ``commands`` (the parser's subparsers). Building it
    imports no cryptography: ``takatof --help`` works without the cluster extra."""
    certs: argparse.ArgumentParser = commands.add_parser(
        "cluster-certs",
        help="make a CA and certificates for a Dask cluster over TLS (scheduler, worker, client)",
        description="Write into DIR a new certificate authority (ca.pem, ca.key) and certificates "
        "signed by it for a Dask scheduler (scheduler.pem, .key), its workers (worker.pem, .key) and "
        "the client that renders (client.pem, .key); private keys are mode 0600. Copy ca.pem and a "
        "role's pair to each machine; keep ca.key where it is (it can make certificates that join "
        "the cluster). Dask accepts any certificate its CA signed, whatever names it holds.",
    )
    certs.add_argument("dir", type=Path, metavar="DIR", help="folder for the files (made if missing)")
    certs.add_argument(
        "--host",
        dest="hosts",
        action="append",
        metavar="NAME|IP",
        help="a name or address of the scheduler and workers, for their certificates' "
        f"subjectAltName; repeat for more (default: {', '.join(DEFAULT_HOSTS)})",
    )
    certs.add_argument(
        "--days",
        type=_days,
        default=DEFAULT_DAYS,
        metavar="N",
        help="how long the CA and certificates are valid (default: %(default)s)",
    )
    certs.add_argument(
        "--force",
        action="store_true",
        help="replace files already in DIR (the machines with the old certificates then need the new ones)",
    )
    return certs


def _days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"should be a whole number of days, at least 1, got {text!r}")
    return int(text)


def cmd_cluster_certs(args: argparse.Namespace) -> int:
    try:
        from .render.cluster_certs import CertsExist, make_certs
    except ImportError:
        print(
            "error: cluster-certs needs the cryptography package: pip install 'takatof[cluster]'",
            file=sys.stderr,
        )
        return 2
    hosts = args.hosts or list(DEFAULT_HOSTS)
    try:
        files = make_certs(args.dir, hosts, args.days, args.force)
    except CertsExist as exc:
        names = ", ".join(path.name for path in exc.paths)
        raise ProjectError(
            "command line",
            [Problem("DIR", f"{args.dir} already holds {names}; --force replaces them")],
        ) from None
    except ValueError as exc:
        raise ProjectError("command line", [Problem("--host", str(exc))]) from None
    except OSError as exc:  # a DIR that cannot be made or written: said for this command
        print(f"error: cannot write the certificates to {args.dir}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    folder = args.dir
    print(f"wrote {', '.join(path.name for path in files)} to {folder} (valid {args.days} days)")
    print(
        f"  scheduler: --tls-ca-file {folder / 'ca.pem'} --tls-cert {folder / 'scheduler.pem'} --tls-key {folder / 'scheduler.key'}"
    )
    print(
        f"  workers:   --tls-ca-file {folder / 'ca.pem'} --tls-cert {folder / 'worker.pem'} --tls-key {folder / 'worker.key'}"
    )
    print(
        f"  render:    --tls-ca-file {folder / 'ca.pem'} --tls-cert {folder / 'client.pem'} --tls-key {folder / 'client.key'}"
    )
    print(f"keep {folder / 'ca.key'} on this machine only: whoever has it can make certificates that join")
    return 0
