"""Benchmark: the evidence upload path on a large file.

python bench/evidence_upload.py [--size-mib 1024]

Writes a file of random bytes (behind an MP4 header, so the type check accepts it), hashes it with
`openssl dgst -sm3` (best of two), then starts the real web server (`liandong serve`, gunicorn,
one worker) on a scratch SQLite database and sends the file as the browser does: 8 MiB chunks to
PUT /api/v1/evidence/uploads/{id}, then the seal (type check, SM3 and SHA-256 in one pass, move
into the store). Reports the seal's throughput against openssl's and the web worker's peak memory
(VmHWM). Targets (issue 4): ≥ 80 % of openssl's SM3 throughput; < 150 MB peak.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BLOCK = 64 * 1024 * 1024
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
MP4_HEADER = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


def _setup(var_dir: str) -> None:
    """Migrate a scratch database and print an API token of an officer."""
    os.environ["LIANDONG_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liandong.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from liandong.organizations import actions
    from liandong.organizations.demo import demo_uscc

    call_command("migrate", verbosity=0)
    home = actions.create_jurisdiction(name="泉州市鲤城区", code="350502", acting_user=None)
    fin = actions.create_department(
        home,
        acting_user=None,
        kind="FIN",
        name="泉州市鲤城区财政局",
        short_name="区财政局",
        doc_prefix="泉鲤政财",
        is_lead=True,
        uscc=demo_uscc("003151011"),
    )
    officer, _pw = actions.create_user(
        fin,
        acting_user=None,
        username="bench",
        full_name="压测",
        role="officer",
        password="Bench#2026pass",
        must_change_password=False,
    )
    _token, secret = actions.create_api_token(officer, name="bench", acting_user=None)
    print(secret)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(port, token, method, path, body=None, content_type="application/json"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    headers = {"Authorization": f"Bearer {token}"}
    if body is not None:
        headers["Content-Type"] = content_type
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = json.loads(response.read() or b"{}")
    connection.close()
    if response.status >= 300:
        raise RuntimeError(f"{method} {path}: {response.status} {data}")
    return data


def _peak_of_workers(master: int) -> int:
    """The largest VmHWM (peak resident memory) among the server's worker processes."""
    peak = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master):
            peak = max(peak, int(fields.get("VmHWM", "0 kB").split()[0]) * 1024)
    return peak


def _upload(port: int, token: str, path: Path) -> dict:
    size = path.stat().st_size
    started = time.perf_counter()
    upload = _call(
        port,
        token,
        "POST",
        "/api/v1/evidence/uploads",
        json.dumps({"filename": "录像.mp4", "size": size}),
    )
    with open(path, "rb") as f:
        offset = 0
        while piece := f.read(upload["chunk_size"]):
            _call(
                port,
                token,
                "PUT",
                f"/api/v1/evidence/uploads/{upload['id']}?offset={offset}",
                piece,
                "application/octet-stream",
            )
            offset += len(piece)
    sent = time.perf_counter() - started
    started = time.perf_counter()
    sealed = _call(port, token, "POST", f"/api/v1/evidence/uploads/{upload['id']}/seal")
    return {"sent": sent, "seal": time.perf_counter() - started, "sm3": sealed["sm3"]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--setup", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.setup:
        _setup(args.setup)
        return 0
    work = Path(tempfile.mkdtemp(prefix="liandong-bench-"))
    server = None
    try:
        path = work / "evidence.mp4"
        block = os.urandom(BLOCK)
        with open(path, "wb") as f:
            f.write(MP4_HEADER)
            for i in range(args.size_mib * 1024 * 1024 // BLOCK):
                f.write(block[i:] + block[:i])  # no two blocks alike
        best = None
        for _ in range(2):
            started = time.perf_counter()
            out = subprocess.run(
                [OPENSSL, "dgst", "-sm3", str(path)], capture_output=True, text=True, check=True
            )
            took = time.perf_counter() - started
            best = took if best is None else min(best, took)
        openssl_sm3 = out.stdout.strip().rsplit(" ", 1)[-1]

        var = str(work / "var")
        token = (
            subprocess.run(
                [sys.executable, __file__, "--setup", var],
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        port = _free_port()
        env = {**os.environ, "LIANDONG_VAR_DIR": var}
        env.pop("DATABASE_URL", None)
        server = subprocess.Popen(
            [sys.executable, "-m", "liandong.cli", "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        found = _upload(port, token, path)
        peak = _peak_of_workers(server.pid)
        if found["sm3"] != openssl_sm3:
            print("the upload path and openssl disagree on the SM3", file=sys.stderr)
            return 1
        mib = path.stat().st_size / 1024 / 1024
        ours, theirs = mib / found["seal"], mib / best
        print(
            f"evidence-upload        {mib:,.0f} MiB: openssl dgst -sm3 {theirs:,.0f} MiB/s; "
            f"upload path seal (SM3 + SHA-256, one pass) {ours:,.0f} MiB/s = "
            f"{ours / theirs:.0%} of openssl (target ≥ 80%)",
            flush=True,
        )
        print(
            f"evidence-upload        sent over HTTP in 8 MiB chunks in {found['sent']:.1f} s "
            f"({mib / found['sent']:,.0f} MiB/s); peak memory of the web worker "
            f"{peak / 1e6:,.0f} MB (target < 150 MB)",
            flush=True,
        )
        return 0
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
