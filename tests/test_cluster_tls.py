"""A cluster only the campaign's machines can join (issue 24): ``takatof cluster-certs``
makes a CA and certificates; ``--cluster tls://`` renders over mutual TLS the same bytes as a
local render; a client whose certificate the scheduler's CA did not sign is refused with one
line and exit 2; ``tcp://`` warns; ``local:N`` listens on loopback only; and the address and
TLS options are checked before anything starts."""

from __future__ import annotations

import datetime
import ipaddress
import itertools
import json
import os
import ssl
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from takatof.cli import main
from takatof.render.cluster_access import TlsFiles, check_address, client_tls, plain_tcp_warning

KEYS = ["ca.key", "scheduler.key", "worker.key", "client.key"]
CERTS = ["ca.pem", "scheduler.pem", "worker.pem", "client.pem"]


def certs_in(folder: Path, *hosts: str) -> Path:
    """Certificates made by the command, as a producer makes them."""
    args = ["cluster-certs", str(folder)] + [a for host in hosts for a in ("--host", host)]
    assert main(args) == 0
    return folder


def tls_args(folder: Path, client: Path | None = None) -> list[str]:
    """The render's TLS options: the CA of ``folder``, the client pair of ``client`` (default: the same)."""
    client = client or folder
    return [
        "--tls-ca-file",
        str(folder / "ca.pem"),
        "--tls-cert",
        str(client / "client.pem"),
        "--tls-key",
        str(client / "client.key"),
    ]


# -- the certificates ------------------------------------------------------------------------


def test_cluster_certs_makes_a_ca_and_a_certificate_per_role_with_private_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.x509.oid import ExtendedKeyUsageOID

    folder = certs_in(tmp_path / "certs", "render-1.campaign.lan", "10.0.0.5", "::1")
    assert "client.key" in capsys.readouterr().out
    assert sorted(p.name for p in folder.iterdir()) == sorted(KEYS + CERTS)
    for name in KEYS:
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    for name in CERTS:
        assert stat.S_IMODE((folder / name).stat().st_mode) & 0o022 == 0, name  # no one else writes them

    def load(name: str) -> Any:
        return x509.load_pem_x509_certificate((folder / name).read_bytes())

    ca = load("ca.pem")
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    now = datetime.datetime.now(datetime.UTC)
    wanted = [x509.DNSName("render-1.campaign.lan"), x509.IPAddress(ipaddress.ip_address("10.0.0.5"))]
    wanted.append(x509.IPAddress(ipaddress.ip_address("::1")))
    for role in ("scheduler", "worker", "client"):
        cert = load(f"{role}.pem")
        cert.verify_directly_issued_by(ca)  # raises unless the CA signed it
        assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        assert cert.not_valid_before_utc <= now < cert.not_valid_after_utc
        assert 364 <= (cert.not_valid_after_utc - cert.not_valid_before_utc).days <= 365
        uses = set(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
        if role == "client":
            assert uses == {ExtendedKeyUsageOID.CLIENT_AUTH}
            with pytest.raises(x509.ExtensionNotFound):
                cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        else:
            assert uses == {ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.SERVER_AUTH}
            sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            assert list(sans) == wanted
        key = (folder / f"{role}.key").read_bytes()
        assert key.startswith(b"-----BEGIN PRIVATE KEY-----")  # unencrypted PKCS#8, as Dask reads it


def test_cluster_certs_names_localhost_by_default(tmp_path: Path) -> None:
    x509 = pytest.importorskip("cryptography.x509")
    folder = certs_in(tmp_path / "certs")
    cert = x509.load_pem_x509_certificate((folder / "scheduler.pem").read_bytes())
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert list(sans) == [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]


def test_cluster_certs_overwrites_nothing_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("cryptography")
    folder = tmp_path / "certs"
    folder.mkdir()
    (folder / "client.key").write_text("the key already on the render machine")
    assert main(["cluster-certs", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "client.key" in err and "--force" in err and "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == ["client.key"]  # nothing written, nothing replaced
    assert (folder / "client.key").read_text() == "the key already on the render machine"

    certs_in(tmp_path / "again")
    before = {p.name: p.read_bytes() for p in (tmp_path / "again").iterdir()}
    assert main(["cluster-certs", str(tmp_path / "again")]) == 2
    assert {p.name: p.read_bytes() for p in (tmp_path / "again").iterdir()} == before
    assert main(["cluster-certs", str(tmp_path / "again"), "--force"]) == 0
    after = {p.name: p.read_bytes() for p in (tmp_path / "again").iterdir()}
    assert after.keys() == before.keys() and all(after[n] != before[n] for n in before)  # a new CA
    assert stat.S_IMODE((tmp_path / "again" / "ca.key").stat().st_mode) == 0o600


@pytest.mark.parametrize("host", ["", "two words", "http://x", "user@host"])
def test_cluster_certs_refuses_a_bad_host_before_writing(
    tmp_path: Path, host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("cryptography")
    assert main(["cluster-certs", str(tmp_path / "c"), "--host", host]) == 2
    assert "--host" in capsys.readouterr().err
    assert not (tmp_path / "c").exists()


# -- the address and the TLS options, checked before anything starts --------------------------


@pytest.mark.parametrize(
    "address",
    [
        "local:1",
        "local:12",
        "tcp://10.0.0.5:8786",
        "tls://10.0.0.5:8786",
        "tls://render-1.campaign.lan:1",
        "tls://[::1]:8786",
        "tcp://[fe80::1]:65535",
    ],
)
def test_addresses_accepted(address: str) -> None:
    assert check_address(address) == address


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("local:0", "at least 1"),
        ("local:two", "at least 1"),
        ("local:", "at least 1"),
        ("tcp://nohost", "tcp://HOST:PORT"),
        ("tls://host:", "tls://HOST:PORT"),
        ("tls://:8786", "tls://HOST:PORT"),
        ("tls://host:port", "tls://HOST:PORT"),
        ("tls://host:0", "tls://HOST:PORT"),
        ("tls://host:65536", "tls://HOST:PORT"),
        ("tls://a:b:8786", "tls://HOST:PORT"),
        ("tls://[nonsense]:8786", "tls://HOST:PORT"),
        ("tls://user@host:8786", "tls://HOST:PORT"),
        ("udp://x:1", "tls://HOST:PORT"),
        ("ucx://x:1", "local:N"),
        ("10.0.0.5:8786", "local:N"),
    ],
)
def test_addresses_refused(address: str, says: str) -> None:
    with pytest.raises(ValueError, match=says.replace("/", "/")):
        check_address(address)


@pytest.mark.parametrize("address", ["local:0", "udp://x", "tcp://nohost", "tls://host", "tls://h:99999"])
def test_a_bad_address_is_a_usage_error_of_the_command(
    tmp_path: Path, address: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["render", "campaign.json", "--out", str(tmp_path / "o"), "--cluster", address])
    assert stop.value.code == 2
    assert "--cluster" in capsys.readouterr().err


def test_plain_tcp_warning_is_one_line_for_tcp_only() -> None:
    warning = plain_tcp_warning("tcp://10.0.0.5:8786")
    assert warning is not None and "\n" not in warning
    assert "neither encrypted nor authenticated" in warning and "tls://" in warning
    assert plain_tcp_warning("tls://10.0.0.5:8786") is None
    assert plain_tcp_warning("local:2") is None


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    return certs_in(tmp_path / "certs")


def no_config(name: str) -> str | None:
    return None


def given(folder: Path, **changes: str | None) -> dict[str, str | None]:
    values: dict[str, str | None] = {
        "ca": str(folder / "ca.pem"),
        "cert": str(folder / "client.pem"),
        "key": str(folder / "client.key"),
    }
    values.update(changes)
    return values


def test_tls_files_from_the_options(pair: Path) -> None:
    tls, problems, warnings = client_tls("tls://h:1", given(pair), no_config)
    assert problems == [] and warnings == []
    assert tls == TlsFiles(str(pair / "ca.pem"), str(pair / "client.pem"), str(pair / "client.key"))


def test_tls_files_fall_back_to_dask_configuration_field_by_field(pair: Path) -> None:
    config = {
        "distributed.comm.tls.ca-file": str(pair / "ca.pem"),
        "distributed.comm.tls.client.cert": str(pair / "client.pem"),
        "distributed.comm.tls.client.key": str(pair / "client.key"),
    }
    tls, problems, _ = client_tls(
        "tls://h:1", {"cert": str(pair / "worker.pem"), "key": str(pair / "worker.key")}, config.get
    )
    assert problems == []
    assert tls == TlsFiles(str(pair / "ca.pem"), str(pair / "worker.pem"), str(pair / "worker.key"))
    # Dask's configuration may hold the PEM text itself
    inline = {name: Path(path).read_text() for name, path in config.items()}
    tls, problems, _ = client_tls("tls://h:1", {}, inline.get)
    assert problems == [] and tls is not None and tls.ca.startswith("-----BEGIN CERTIFICATE-----")


def test_a_missing_tls_file_is_named_by_its_option_and_the_setting(pair: Path) -> None:
    tls, problems, _ = client_tls("tls://h:1", given(pair, key=None), no_config)
    assert tls is None
    assert [p.path for p in problems] == ["--tls-key"]
    assert "distributed.comm.tls.client.key" in problems[0].message
    assert "cluster-certs" in problems[0].message
    _, problems, _ = client_tls("tls://h:1", {}, no_config)
    assert [p.path for p in problems] == ["--tls-ca-file", "--tls-cert", "--tls-key"]


def test_an_unreadable_tls_file_is_named_with_its_path(pair: Path) -> None:
    gone = pair / "gone.pem"
    _, problems, _ = client_tls("tls://h:1", given(pair, cert=str(gone)), no_config)
    assert [p.path for p in problems] == ["--tls-cert"]
    assert str(gone) in problems[0].message and "No such file" in problems[0].message
    _, problems, _ = client_tls("tls://h:1", given(pair, ca=str(pair)), no_config)  # a folder
    assert [p.path for p in problems] == ["--tls-ca-file"] and str(pair) in problems[0].message
    config = {"distributed.comm.tls.client.key": str(gone)}
    _, problems, _ = client_tls("tls://h:1", given(pair, key=None), config.get)
    assert [p.path for p in problems] == ["distributed.comm.tls.client.key (Dask configuration)"]


def test_tls_files_that_are_no_certificate_or_no_pair_are_refused(pair: Path) -> None:
    _, problems, _ = client_tls("tls://h:1", given(pair, ca=str(pair / "client.key")), no_config)
    assert [p.path for p in problems] == ["--tls-ca-file"] and "not a PEM CA certificate" in problems[
        0
    ].message
    _, problems, _ = client_tls("tls://h:1", given(pair, key=str(pair / "worker.key")), no_config)
    assert [p.path for p in problems] == ["--tls-cert"]
    assert "worker.key" in problems[0].message and "private key" in problems[0].message


def test_a_key_others_can_read_earns_a_warning(pair: Path) -> None:
    os.chmod(pair / "client.key", 0o644)
    tls, problems, warnings = client_tls("tls://h:1", given(pair), no_config)
    assert tls is not None and problems == []
    assert len(warnings) == 1 and "chmod 600" in warnings[0] and str(pair / "client.key") in warnings[0]


@pytest.mark.parametrize("address", [None, "local:2", "tcp://h:1"])
def test_tls_options_need_a_tls_address(pair: Path, address: str | None) -> None:
    tls, problems, _ = client_tls(address, given(pair, ca=None), no_config)
    assert tls is None and [p.path for p in problems] == ["--tls-cert", "--tls-key"]
    assert all("tls://" in p.message for p in problems)
    assert client_tls(address, {}, no_config) == (None, [], [])


def test_the_command_checks_the_tls_files_before_loading_anything(
    tmp_path: Path, pair: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = tmp_path / "nowhere" / "ca.pem"
    args = ["render", str(tmp_path / "no-project.json"), "--out", str(tmp_path / "o")]
    args += ["--cluster", "tls://127.0.0.1:1", *tls_args(pair)]
    args[args.index("--tls-ca-file") + 1] = str(gone)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"--tls-ca-file: cannot read {gone}" in err
    assert "no-project.json" not in err  # the project was not even opened
    assert not (tmp_path / "o").exists()


def test_tcp_prints_its_warning_before_anything_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["render", str(tmp_path / "no-project.json"), "--out", str(tmp_path / "o")]
    assert main([*args, "--cluster", "tcp://127.0.0.1:1"]) == 2  # the project is missing
    lines = capsys.readouterr().err.splitlines()
    assert "neither encrypted nor authenticated" in lines[0]
    assert sum("neither encrypted" in line for line in lines) == 1


def chained(*exceptions: BaseException) -> BaseException:
    """The first exception, caused by the second, caused by the third… (as Dask raises them)."""
    for outer, inner in itertools.pairwise(exceptions):
        outer.__cause__ = inner
    return exceptions[0]


def verify_failed() -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    error.verify_message = "self-signed certificate in certificate chain"
    return error


@pytest.mark.parametrize(
    ("address", "exc", "says"),
    [
        (
            "tls://h:1",
            chained(
                OSError("TLS certificate does not match. Check your security settings."), verify_failed()
            ),
            "shows a certificate the CA of --tls-ca-file did not sign, or one that is not valid now "
            "(self-signed certificate in certificate chain)",
        ),
        (
            "tls://h:1",
            OSError("in <TLS (closed)>: SSLError: [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca"),
            "the scheduler at tls://h:1 refused this client's certificate (--tls-cert)",
        ),
        (
            "tls://h:1",
            OSError("in <TLS (closed)>: SSLEOFError: EOF occurred in violation of protocol (_ssl.c:2427)"),
            "refused this client's certificate",
        ),
        (
            "tls://h:1",
            chained(OSError(""), ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number")),
            "does not speak TLS",
        ),
        (
            "tls://h:1",
            chained(OSError(""), ssl.SSLError(1, "[SSL: NO_PROTOCOLS_AVAILABLE] no protocols available")),
            "TLS with the scheduler at tls://h:1 failed ([SSL: NO_PROTOCOLS_AVAILABLE]",
        ),
        ("tls://h:1", ValueError("IOStream is not idle; cannot convert to SSL"), "does not speak TLS"),
        (
            "tcp://h:1",
            OSError("in <TCP (closed)>: ConnectionResetError: [Errno 104] Connection reset by peer"),
            "closed the connection; if it uses TLS, connect with tls://",
        ),
        (
            "tls://h:1",
            TimeoutError("Timed out trying to connect to tls://h:1 after 20 s"),
            "cannot reach the Dask scheduler at tls://h:1 (Timed out trying to connect",
        ),
        (
            "tcp://h:1",
            OSError("Timed out trying to connect\nmore"),
            "cannot reach the Dask scheduler at tcp://h:1 (Timed out trying to connect)",
        ),
    ],
)
def test_why_a_connection_failed_in_one_line(address: str, exc: BaseException, says: str) -> None:
    from takatof.render.cluster import refused

    line = refused(address, exc)
    assert line.startswith("--cluster: ") and "\n" not in line
    assert says in line, line


def test_connect_turns_a_refused_connection_into_one_line_and_lets_bugs_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from takatof.render import cluster
    from takatof.render.messages import OutputError

    def fails_with(exc: BaseException) -> object:
        def make(address: str, tls: object) -> object:
            raise exc

        return make

    monkeypatch.setattr(
        cluster, "Cluster", fails_with(ValueError("IOStream is not idle; cannot convert to SSL"))
    )
    with pytest.raises(OutputError, match="does not speak TLS"), cluster.connect("tls://h:1"):
        pass
    monkeypatch.setattr(cluster, "Cluster", fails_with(ValueError("a bug of ours")))
    with pytest.raises(ValueError, match="a bug of ours"), cluster.connect("tls://h:1"):
        pass


# -- on a cluster -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A TLS LocalCluster (one worker process) with the command's certificates: its
    address and the certificates' folder. Encryption required, so nothing plain gets in."""
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("cryptography")
    folder = certs_in(tmp_path_factory.mktemp("tls") / "certs")
    roles = {
        f"tls_{role}_{part}": str(folder / f"{role}.{ext}")
        for role in ("scheduler", "worker", "client")
        for part, ext in (("cert", "pem"), ("key", "key"))
    }
    security = distributed.Security(require_encryption=True, tls_ca_file=str(folder / "ca.pem"), **roles)
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        protocol="tls",
        host="127.0.0.1",
        security=security,
        dashboard_address=None,
        silence_logs=40,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tls://127.0.0.1:")
        yield cluster.scheduler_address, folder


def manifest(out: Path) -> list[dict[str, Any]]:
    outputs: list[dict[str, Any]] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    return outputs


def test_cards_over_tls_are_byte_identical_to_a_local_render(
    tls_cluster: tuple[str, Path], project_copy: Path, tmp_path: Path
) -> None:
    from tests.conftest import reduce_to_hala

    address, folder = tls_cluster
    reduce_to_hala(project_copy, "ultrafast")
    local, remote = tmp_path / "local", tmp_path / "cluster"
    common = ["render", str(project_copy), "-q", "--targets", "cards", "--no-posts"]
    assert main([*common, "--out", str(local), "-j", "1"]) == 0
    assert main([*common, "--out", str(remote), "--cluster", address, *tls_args(folder)]) == 0
    cards = [e for e in manifest(remote) if e["kind"] == "card"]
    assert len(cards) == 2
    for entry in cards:
        assert entry["status"] == "rendered", entry
        assert (remote / entry["path"]).read_bytes() == (local / entry["path"]).read_bytes(), entry["path"]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a producer runs it, in a process of its own (what reaches the terminal)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASK_")}
    return subprocess.run(
        [sys.executable, "-m", "takatof.cli", *args], capture_output=True, text=True, timeout=60, env=env
    )


def test_a_client_the_cluster_ca_did_not_certify_is_refused_with_one_line(
    tls_cluster: tuple[str, Path], project_copy: Path, tmp_path: Path
) -> None:
    address, folder = tls_cluster
    stranger = certs_in(tmp_path / "stranger")  # a CA of its own, and a client certificate it signed
    out = tmp_path / "out"
    common = [
        "render",
        str(project_copy),
        "--out",
        str(out),
        "-q",
        "--targets",
        "cards",
        "--cluster",
        address,
    ]

    # trusts the campaign's scheduler, but shows a certificate the campaign's CA never signed
    done = run_cli(*common, *tls_args(folder, client=stranger))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: --cluster: the scheduler at " + address), lines[0]
    assert "refused this client's certificate" in lines[0], lines[0]
    assert not (out / "manifest.json").exists()

    # with the stranger's CA too, this client does not trust the scheduler either
    done = run_cli(*common, *tls_args(stranger))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "shows a certificate the CA of --tls-ca-file did not sign" in line


def test_a_client_without_a_certificate_is_refused_with_exit_2(
    tls_cluster: tuple[str, Path], project_copy: Path, tmp_path: Path
) -> None:
    address, _ = tls_cluster
    common = ["render", str(project_copy), "--out", str(tmp_path / "out"), "-q", "--targets", "cards"]
    # no certificate at all: said before anything connects
    done = run_cli(*common, "--cluster", address)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "--tls-cert: --cluster tls:// needs this client's certificate" in done.stderr
    # plain TCP to the TLS scheduler: it closes the connection
    done = run_cli(*common, "--cluster", address.replace("tls://", "tcp://"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    warning, error = done.stderr.strip().splitlines()
    assert "neither encrypted nor authenticated" in warning
    assert error.startswith("error: --cluster: ") and "tls://" in error


def handshake(address: str, ca: Path, pair: tuple[Path, Path] | None) -> str:
    """Connect to the scheduler with plain ``ssl`` (not Dask), showing ``pair`` (cert, key) or
    no certificate, and say what the scheduler did: 'refused' (an alert or the connection
    closed) or 'accepted' (it waits for the first message, as Dask's comm does)."""
    import socket

    host, port = address.removeprefix("tls://").rsplit(":", 1)
    context = ssl.create_default_context(cafile=str(ca))  # checks the scheduler's cert and its SAN
    if pair is not None:
        context.load_cert_chain(str(pair[0]), str(pair[1]))
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        try:
            with context.wrap_socket(raw, server_hostname=host) as tls:  # TLS 1.2 refuses here
                tls.settimeout(1.0)
                try:
                    return "refused" if tls.recv(1) == b"" else "accepted"  # TLS 1.3 here
                except TimeoutError:  # no answer: it waits for our first message
                    return "accepted"
        except (ssl.SSLError, ConnectionResetError):
            return "refused"


def test_the_scheduler_itself_refuses_peers_without_a_certificate_of_its_ca(
    tls_cluster: tuple[str, Path], tmp_path: Path
) -> None:
    """Mutual TLS is the scheduler's rule, not only the client's: a worker or client that
    shows no certificate, or one another CA signed, is refused at the handshake."""
    address, folder = tls_cluster
    stranger = certs_in(tmp_path / "stranger")
    ca = folder / "ca.pem"
    assert handshake(address, ca, (folder / "client.pem", folder / "client.key")) == "accepted"
    assert handshake(address, ca, (folder / "worker.pem", folder / "worker.key")) == "accepted"
    assert handshake(address, ca, None) == "refused"
    assert handshake(address, ca, (stranger / "worker.pem", stranger / "worker.key")) == "refused"
    assert handshake(address, ca, (stranger / "client.pem", stranger / "client.key")) == "refused"


def test_local_n_listens_on_loopback_only() -> None:
    psutil = pytest.importorskip("psutil")
    from takatof.render.cluster import Cluster

    def listening(pid: int) -> set[str]:
        return {
            c.laddr.ip for c in psutil.Process(pid).net_connections("inet") if c.status == psutil.CONN_LISTEN
        }

    with Cluster("local:2") as cluster:
        local = cluster._local
        assert local is not None
        addresses = [local.scheduler_address, *(w.address for w in local.workers.values())]
        addresses += list(cluster.client.run(lambda dask_worker: dask_worker.address).values())
        assert all(a.startswith("tls://127.0.0.1:") for a in addresses), addresses
        # Another user of this machine reaches loopback too: without the throwaway CA's
        # certificate the scheduler does not let them in.
        import distributed

        with pytest.raises((OSError, TimeoutError, TypeError)):  # TypeError: no certificate at all
            distributed.Client(local.scheduler_address, timeout="3s")
        stranger = distributed.Security.temporary()  # a certificate of another CA
        with pytest.raises((OSError, TimeoutError)):
            distributed.Client(local.scheduler_address, timeout="3s", security=stranger)
        workers = list(cluster.client.run(os.getpid).values())
        assert len(workers) == 2
        # every socket that listens: the scheduler and nannies (here) and each worker process
        for pid in [os.getpid(), *workers]:
            ips = listening(pid)
            assert ips, pid
            assert ips <= {"127.0.0.1", "::1"}, (pid, ips)
