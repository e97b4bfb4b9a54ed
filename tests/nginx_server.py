"""Runs Debian's nginx on 127.0.0.1 with the shipped configuration (deploy/nginx/), for tests and benchmarks.

The site's snippets are copied as they are; from the example server block only `listen` and `root`
change (to a free port and the built site). nginx runs in the foreground with its own pid, temp
folders and logs in a temporary folder, and is always stopped (terminate, then wait).
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
BROTLI_INCLUDE = "include snippets/fairframe/brotli.conf;"

MAIN_CONF = """\
daemon off;
master_process on;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
{user}
{modules}
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/temp/body;
    proxy_temp_path {folder}/temp/proxy;
    fastcgi_temp_path {folder}/temp/fastcgi;
    uwsgi_temp_path {folder}/temp/uwsgi;
    scgi_temp_path {folder}/temp/scgi;
    include {folder}/sites-enabled/*;
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_block(example: str, port: int, root: Path, brotli: bool) -> str:
    """The example server block from deploy/nginx/sites-available/, listening on 127.0.0.1:`port` and
    serving `root`. Raises AssertionError if the example no longer has the lines this replaces."""
    text = (DEPLOY / "sites-available" / example).read_text(encoding="utf-8")
    text, listens = re.subn(r"^(\s*)listen \S+;\n(\s*listen \[::\]:\S+;\n)?", rf"\1listen 127.0.0.1:{port};\n",
                            text, flags=re.M)
    text, roots = re.subn(r"^(\s*)root \S+;", rf"\1root {root};", text, count=1, flags=re.M)
    assert listens == 1 and roots == 1, f"{example}: expected one listen and one root line"
    if not brotli:
        assert BROTLI_INCLUDE in text
        text = text.replace(BROTLI_INCLUDE, "")
    return text


@contextlib.contextmanager
def nginx(root: Path, folder: Path, example: str = "fairframe"):
    """Serve `root` through deploy/nginx/sites-available/`example`; yields the base URL
    (http://127.0.0.1:port). `folder` is a new temporary folder for nginx's own files."""
    brotli = BROTLI_MODULE.is_file()
    port = free_port()
    (folder / "temp").mkdir(parents=True)
    (folder / "sites-enabled").mkdir()
    shutil.copytree(DEPLOY / "snippets", folder / "snippets")
    (folder / "sites-enabled" / example).write_text(server_block(example, port, root, brotli), encoding="utf-8")
    (folder / "nginx.conf").write_text(MAIN_CONF.format(
        folder=folder, user="user root;" if os.geteuid() == 0 else "",
        modules=f"load_module {BROTLI_MODULE};" if brotli else ""), encoding="utf-8")
    command = [NGINX, "-p", f"{folder}/", "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for_port(port, process, folder)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()


def _wait_for_port(port: int, process: subprocess.Popen, folder: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (folder / "error.log").read_text(errors="replace") if (folder / "error.log").exists() else ""
            raise AssertionError(f"nginx exited ({process.returncode}): {log}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise AssertionError("nginx did not start listening within 10 s")
