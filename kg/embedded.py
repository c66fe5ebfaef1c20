"""The embedded Neo4j: kg's default database when `NEO4J_URI` is not set.

A small Java launcher (`launcher/`: a pom.xml that pulls Neo4j 5.26 Community from Maven Central and
one class) runs a real Neo4j DBMS with the Bolt connector on 127.0.0.1. Other local users reach
loopback too, so it is locked down: authentication is on (user `neo4j`, a random password made at the
first start and kept in KG_HOME, which every kg command reads), LOAD CSV reads no files and fetches
nothing, and the JVM gets a minimal environment, so kg's secrets (KG_API_TOKEN, NEO4J_PASSWORD) never
reach it.
It is built once per machine: Maven resolves the classpath (jars cached in ~/.m2) and javac compiles
the class into KG_HOME, keyed by a hash of the pom and the source so that a change rebuilds it.

Everything lives under `Settings.home` (KG_HOME, default ~/.local/share/kg)::

    neo4j/data/           the database files
    logs/neo4j.log        the launcher's output: Neo4j's user log and the READY / FAILED lines
    logs/debug.log        Neo4j's own debug log (and its other logs)
    neo4j.pid             the running server's pid
    neo4j.port            its Bolt port (kept after a stop: the next start reuses it if it is free)
    neo4j.lock            held while starting, stopping or building, so two kg processes do not race
    neo4j.password        the password of user neo4j (mode 0600; KG_HOME itself is made 0700)
    launcher/<hash>/      pom.xml, classpath.txt, classes/, build.log

The JVM runs in a new session, detached from the terminal, so it outlives the kg command that
started it; `stop` sends SIGTERM and the launcher's shutdown hook closes the database cleanly.
Every failure a user can fix is a `LauncherError`: one line naming the cause and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.config import Settings
from kg.errors import LauncherError
from kg.resources import resource_dir

LAUNCHER_CLASS = "kg.launcher.EmbeddedNeo4j"
SOURCE = Path("src/main/java/kg/launcher/EmbeddedNeo4j.java")
HOST = "127.0.0.1"
START_TIMEOUT = 120.0
STOP_TIMEOUT = 60.0
LOCK_TIMEOUT = 900.0
MAVEN_TIMEOUT = 1800.0

# What Neo4j's own server script passes to the JVM, less what only a dedicated server wants
# (-XX:+AlwaysPreTouch would touch the whole heap at start). The --add-opens let the page cache and
# the transaction log use direct buffers and native file calls instead of slower fallbacks.
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)

#: the only variables the JVM inherits: what Java and the locale need, never kg's secrets
JVM_ENVIRONMENT = ("PATH", "JAVA_HOME", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR")
USER = "neo4j"

_ALTERNATIVE = "or set NEO4J_URI to use an external Neo4j"
_SIZE = re.compile(r"^\d+[kmgKMG]?$")

# Servers this process started: kept so they can be reaped (no zombies) and so that Python does not
# warn about a subprocess still running when the Popen object would otherwise be dropped.
_children: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class Layout:
    """Where the embedded Neo4j keeps its files under KG_HOME."""

    home: Path

    @classmethod
    def of(cls, settings: Settings) -> Layout:
        """Absolute paths: the JVM runs in another directory, and pids are matched by its arguments."""
        return cls(settings.home.expanduser().resolve())

    @property
    def neo4j_home(self) -> Path:
        return self.home / "neo4j"

    @property
    def data(self) -> Path:
        return self.neo4j_home / "data"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def log(self) -> Path:
        return self.logs / "neo4j.log"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def port_file(self) -> Path:
        return self.home / "neo4j.port"

    @property
    def lock_file(self) -> Path:
        return self.home / "neo4j.lock"

    @property
    def password_file(self) -> Path:
        return self.home / "neo4j.password"

    @property
    def builds(self) -> Path:
        return self.home / "launcher"


@dataclass(frozen=True)
class Build:
    """A compiled launcher: its classes and the resolved Neo4j classpath."""

    dir: Path
    classpath: str
    neo4j_version: str
    jars: int
    built: bool  # False when an earlier build was reused
    seconds: float

    def java_classpath(self) -> str:
        return os.pathsep.join([str(self.dir / "classes"), self.classpath])


@dataclass(frozen=True)
class Status:
    """What `status`, `start` and `stop` report."""

    home: Path
    running: bool
    pid: int | None = None
    port: int | None = None
    answering: bool = False
    stale_pid: int | None = None  # a pid file whose process was gone (a crash or kill -9)
    started: bool = False  # this call started it
    seconds: float = 0.0

    @property
    def uri(self) -> str | None:
        return f"bolt://{HOST}:{self.port}" if self.port else None

    @property
    def log(self) -> Path:
        return Layout(self.home).log

    @property
    def data(self) -> Path:
        return Layout(self.home).data


# ----------------------------------------------------------------------------------------- public


def ensure_running(settings: Settings) -> str:
    """The Bolt URI of the embedded Neo4j, started first if it is not running."""
    current = status(settings)
    if current.running and current.answering and current.uri:
        return current.uri
    started = start(settings)
    assert started.uri
    return started.uri


def credentials(settings: Settings) -> tuple[str, str]:
    """User and password of the embedded Neo4j under `settings.home` (the password is made if missing)."""
    return USER, _password(Layout.of(settings))


def status(settings: Settings) -> Status:
    """Is the embedded Neo4j under `settings.home` running, and does Bolt answer?"""
    layout = Layout.of(settings)
    pid, port = _read_int(layout.pid_file), _read_int(layout.port_file)
    if pid is None:
        return Status(layout.home, running=False)
    if not _is_launcher(pid, layout):
        return Status(layout.home, running=False, stale_pid=pid)
    return Status(layout.home, running=True, pid=pid, port=port, answering=bool(port and _bolt_answers(port)))


def start(settings: Settings, timeout: float = START_TIMEOUT) -> Status:
    """Start the embedded Neo4j and wait until Bolt answers; a running one is left as it is."""
    layout = Layout.of(settings)
    _check_sizes(settings)
    began = time.monotonic()
    with _locked(layout):
        current = status(settings)
        if current.running and current.port is None:
            raise LauncherError(
                f"Neo4j (pid {current.pid}) is running but {layout.port_file} is missing: run `kg neo4j stop`, "
                "then start it again"
            )
        if current.running and current.pid and current.port:
            if not current.answering:  # started by a kg process that died before Bolt answered
                _wait_for_bolt(layout, current.pid, current.port, None, 0, timeout)
            return Status(layout.home, running=True, pid=current.pid, port=current.port, answering=True)
        if current.stale_pid is not None:
            _forget(layout)

        java = _tool("java")
        _check_java_version(java)
        port = settings.port
        if port is not None and _port_in_use(port):
            raise _port_in_use_error(port)
        build = _build(settings, layout)

        attempts = 1 if port is not None else 3
        for attempt in range(attempts):
            chosen = port if port is not None else _pick_port(layout, fresh=attempt > 0)
            try:
                pid = _spawn(java, build, settings, layout, chosen, timeout)
            except _PortTaken:
                if port is not None:
                    raise _port_in_use_error(port) from None
                if attempt + 1 == attempts:
                    raise LauncherError(
                        f"port {chosen} on {HOST} was taken while Neo4j started: try again, or set "
                        "KG_NEO4J_PORT to a free port"
                    ) from None
                continue
            return Status(layout.home,
                running=True,
                pid=pid,
                port=chosen,
                answering=True,
                stale_pid=current.stale_pid,
                started=True,
                seconds=time.monotonic() - began,
            )
    raise AssertionError("unreachable")


def stop(settings: Settings, timeout: float = STOP_TIMEOUT) -> Status:
    """Stop the embedded Neo4j (SIGTERM, a clean shutdown); returns what was running before."""
    layout = Layout.of(settings)
    with _locked(layout):
        current = status(settings)
        if not current.running or current.pid is None:
            if current.stale_pid is not None:
                _forget(layout)
            return current
        began = time.monotonic()
        _signal(current.pid, signal.SIGTERM)
        if not _wait_exit(current.pid, layout, timeout):
            _signal(current.pid, signal.SIGKILL)
            if not _wait_exit(current.pid, layout, 10):
                raise LauncherError(f"Neo4j (pid {current.pid}) did not stop, even after SIGKILL: see {layout.log}")
        _forget(layout)
        return Status(layout.home, running=True, pid=current.pid, port=current.port, seconds=time.monotonic() - began)


def prepare(settings: Settings) -> Build:
    """Resolve the Neo4j jars with Maven and compile the launcher, without starting anything."""
    layout = Layout.of(settings)
    _check_java_version(_tool("java"))
    with _locked(layout):
        return _build(settings, layout)


def neo4j_version() -> str:
    match = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", _launcher_file(Path("pom.xml")).decode())
    return match.group(1) if match else "unknown"


# ------------------------------------------------------------------------------------------ build


def _launcher_file(relative: Path) -> bytes:
    path = resource_dir("launcher") / relative
    try:
        return path.read_bytes()
    except OSError as error:
        raise LauncherError(f"kg's Neo4j launcher is missing ({path}: {error.strerror}): reinstall kg") from None


def _build(settings: Settings, layout: Layout) -> Build:
    """Reuse the build for this pom and source, or make it (the caller holds the lock)."""
    pom, source = _launcher_file(Path("pom.xml")), _launcher_file(SOURCE)
    key = hashlib.sha256(pom + b"\0" + source).hexdigest()[:16]
    target = layout.builds / key
    version = neo4j_version()
    began = time.monotonic()
    classpath_file = target / "classpath.txt"
    if (target / "complete").is_file():
        classpath = classpath_file.read_text(encoding="utf-8").strip()
        if all(Path(jar).exists() for jar in classpath.split(os.pathsep)):  # ~/.m2 may have been cleaned
            return Build(target, classpath, version, classpath.count(os.pathsep) + 1, False, time.monotonic() - began)

    mvn, javac = _tool("mvn"), _tool("javac")
    work = layout.builds / f"{key}.partial"
    shutil.rmtree(work, ignore_errors=True)
    (work / "classes").mkdir(parents=True)
    (work / "pom.xml").write_bytes(pom)
    (work / "EmbeddedNeo4j.java").write_bytes(source)
    log = work / "build.log"

    _run(
        [mvn, "-q", "-B", "-f", str(work / "pom.xml"), "dependency:build-classpath",
         f"-Dmdep.outputFile={work / 'classpath.txt'}"],
        log,
        what="Maven could not resolve the Neo4j jars",
        hint="check that Maven Central is reachable (proxy settings in ~/.m2/settings.xml)",
        cwd=work,
    )
    classpath = (work / "classpath.txt").read_text(encoding="utf-8").strip()
    _run(
        [javac, "--release", "17", "-encoding", "UTF-8", "-nowarn", "-Xlint:-path", "-cp", classpath,
         "-d", str(work / "classes"), str(work / "EmbeddedNeo4j.java")],
        log,
        what="javac could not compile the Neo4j launcher",
        hint="kg needs a JDK 17 or newer (javac)",
        cwd=work,
    )
    (work / "complete").write_text(f"neo4j {version}\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)
    for old in layout.builds.iterdir():  # earlier builds of other launcher versions
        if old.name != key:
            shutil.rmtree(old, ignore_errors=True)
    return Build(target, classpath, version, classpath.count(os.pathsep) + 1, True, time.monotonic() - began)


def _run(command: list[str], log: Path, *, what: str, hint: str, cwd: Path) -> None:
    with log.open("ab") as out:
        out.write(("$ " + " ".join(command[:6]) + " ...\n").encode())
        out.flush()
        try:
            done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  cwd=cwd, timeout=MAVEN_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise LauncherError(f"{what}: no result after {MAVEN_TIMEOUT:.0f} s; {hint} (log: {log})") from None
    if done.returncode != 0:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        errors = [line.strip() for line in lines if "ERROR" in line or "error:" in line]
        reason = _clean(errors[0] if errors else (lines[-1] if lines else f"exit {done.returncode}"))
        raise LauncherError(f"{what}: {reason}; {hint} (full log: {log})")


# ---------------------------------------------------------------------------------------- process


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    what = {
        "java": "java not found on PATH: the embedded Neo4j needs Java 17 or newer "
        "(e.g. apt-get install openjdk-17-jdk-headless)",
        "javac": "javac not found on PATH: building the embedded Neo4j launcher needs a JDK 17 or newer, "
        "not only a JRE (e.g. apt-get install openjdk-17-jdk-headless)",
        "mvn": "mvn not found on PATH: the embedded Neo4j's jars are fetched once with Maven "
        "(e.g. apt-get install maven)",
    }[name]
    raise LauncherError(f"{what}, {_ALTERNATIVE}")


def _check_java_version(java: str) -> None:
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise LauncherError(f"{java} -version failed ({error}): check the Java installation, {_ALTERNATIVE}") from None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not match:
        raise LauncherError(f"cannot tell which Java {java} is: install Java 17 or newer, {_ALTERNATIVE}")
    major = int(match.group(2)) if match.group(1) == "1" else int(match.group(1))
    if major < 17:
        raise LauncherError(
            f"{java} is Java {major}; Neo4j 5.26 needs Java 17 or newer: install it and put it first on PATH, "
            f"{_ALTERNATIVE}"
        )


def _check_sizes(settings: Settings) -> None:
    for name, value in (("KG_NEO4J_HEAP", settings.heap), ("KG_NEO4J_PAGECACHE", settings.pagecache)):
        if not _SIZE.match(value):
            raise LauncherError(f"{name}={value!r} is not a memory size: use a number with k, m or g (e.g. 2g)")


class _PortTaken(Exception):
    pass


def _port_in_use_error(port: int) -> LauncherError:
    return LauncherError(
        f"port {port} on {HOST} is already in use by another program: stop it, set KG_NEO4J_PORT to a free port, "
        "or unset KG_NEO4J_PORT so that kg picks one"
    )


def _spawn(java: str, build: Build, settings: Settings, layout: Layout, port: int, timeout: float) -> int:
    for folder in (layout.neo4j_home, layout.logs):  # the database and its logs: the owner's alone
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
    layout.data.mkdir(parents=True, exist_ok=True)
    if layout.log.exists() and layout.log.stat().st_size > 20 * 1024 * 1024:
        layout.log.replace(layout.log.with_suffix(".log.1"))
    command = [
        java,
        f"-Xms{settings.heap}",
        f"-Xmx{settings.heap}",
        *JVM_OPTIONS,
        "-cp",
        build.java_classpath(),
        LAUNCHER_CLASS,
        "--home", str(layout.neo4j_home),
        "--data", str(layout.data),
        "--logs", str(layout.logs),
        "--port", str(port),
        "--pagecache", settings.pagecache,
        "--password-file", str(layout.password_file),
    ]
    _password(layout)
    with layout.log.open("ab") as log:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S%z")
        log.write(f"---- kg: starting Neo4j {build.neo4j_version} on {HOST}:{port} at {stamp} ----\n".encode())
        log.flush()
        offset = log.tell()
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=layout.neo4j_home,
                start_new_session=True,  # outlives the kg command; no SIGINT from the terminal
                close_fds=True,
                env=jvm_environment(),
            )
        except OSError as error:
            raise LauncherError(f"cannot run {java}: {error.strerror}; check the Java installation") from None
    _children[process.pid] = process
    _write(layout.pid_file, process.pid)
    _write(layout.port_file, port)
    try:
        _wait_for_bolt(layout, process.pid, port, process, offset, timeout)
    except BaseException:
        _terminate(process)
        _forget(layout)
        raise
    return process.pid


def _wait_for_bolt(
    layout: Layout, pid: int, port: int, process: subprocess.Popen[bytes] | None, offset: int, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        exited = process.poll() if process is not None else (None if _is_launcher(pid, layout) else -1)
        output = _read_from(layout.log, offset)
        if process is None:  # started by another kg process: look at its run only
            output = output.rsplit("---- kg: starting", 1)[-1]
        if exited is not None:
            failed = [line[len("FAILED "):] for line in output.splitlines() if line.startswith("FAILED ")]
            reason = failed[-1] if failed else _tail(output) or f"exit status {exited}"
            if "BindException" in reason or "Address already in use" in reason:
                raise _PortTaken(reason)
            raise LauncherError(
                f"the embedded Neo4j exited while starting: {_clean(reason)} (full log: {layout.log})"
            )
        if ("READY " in output or process is None) and _bolt_answers(port):
            return
        if time.monotonic() > deadline:
            raise LauncherError(
                f"the embedded Neo4j did not answer on {HOST}:{port} within {timeout:.0f} s; last log lines: "
                f"{_tail(output) or '(none)'} (full log: {layout.log})"
            )
        time.sleep(0.2)


def jvm_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The JVM's environment: the allow-listed variables of ours, nothing else."""
    environ = dict(os.environ) if environ is None else environ
    return {name: environ[name] for name in JVM_ENVIRONMENT if name in environ}


def _terminate(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    _children.pop(process.pid, None)


def _signal(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def _wait_exit(pid: int, layout: Layout, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _is_launcher(pid, layout):
            _children.pop(pid, None)
            return True
        time.sleep(0.1)
    return False


def _is_launcher(pid: int, layout: Layout) -> bool:
    """Is `pid` a live launcher JVM for this KG_HOME (not a zombie, not a recycled pid)?"""
    child = _children.get(pid)
    if child is not None and child.poll() is not None:  # ours, and it exited: now reaped
        _children.pop(pid, None)
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: not ours
        return False
    proc = Path("/proc") / str(pid)
    if proc.is_dir():
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            argv = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except (OSError, IndexError):
            return False
        if state in ("Z", "X"):
            return False
    else:  # no /proc (macOS): ask ps
        done = subprocess.run(["ps", "-o", "stat=,command=", "-p", str(pid)], capture_output=True, text=True,
                              check=False)
        line = done.stdout.strip()
        if not line or line.startswith("Z"):
            return False
        argv = line.split()
    return LAUNCHER_CLASS in argv and str(layout.neo4j_home) in argv


def _bolt_answers(port: int, timeout: float = 2.0) -> bool:
    """A Bolt handshake: the magic preamble and four proposed versions; any 4-byte reply will do."""
    hello = bytes.fromhex("6060b017" "00080805" "00000404" "00000000" "00000000")
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as sock:
            sock.sendall(hello)
            reply = b""
            while len(reply) < 4:
                chunk = sock.recv(4 - len(reply))
                if not chunk:
                    return False
                reply += chunk
            return True
    except OSError:
        return False


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # ignore TIME_WAIT of a last run
        try:
            sock.bind((HOST, port))
        except OSError as error:
            return error.errno in (errno.EADDRINUSE, errno.EACCES)
    return False


def _pick_port(layout: Layout, fresh: bool) -> int:
    """The port of the last run if it is free (stable URIs across restarts), else any free port."""
    last = _read_int(layout.port_file)
    if last and not fresh and not _port_in_use(last):
        return last
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# ------------------------------------------------------------------------------------------ files


@contextlib.contextmanager
def _locked(layout: Layout) -> Iterator[None]:
    """An exclusive lock on KG_HOME/neo4j.lock: one kg process at a time starts, stops or builds."""
    import fcntl

    _private_home(layout)
    try:
        handle = layout.lock_file.open("a+")
    except OSError as error:
        raise LauncherError(
            f"cannot use KG_HOME {layout.home}: {error.strerror}; set KG_HOME to a writable folder"
        ) from None
    with handle:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LauncherError(
                        f"another kg process has held {layout.lock_file} for {LOCK_TIMEOUT:.0f} s: "
                        "wait for it or end it, then try again"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _private_home(layout: Layout) -> None:
    """KG_HOME exists and only its owner may enter it (it holds the password and the database).

    A shared folder someone named as KG_HOME (sticky, like /tmp, or another user's) is left as it is:
    kg's own folders and files in it are private all the same."""
    try:
        layout.home.mkdir(parents=True, exist_ok=True)
        mode = layout.home.stat()
        if mode.st_mode & 0o077 and mode.st_uid == os.getuid() and not mode.st_mode & stat.S_ISVTX:
            layout.home.chmod(0o700)
    except OSError as error:
        raise LauncherError(
            f"cannot use KG_HOME {layout.home}: {error.strerror}; set KG_HOME to a writable folder"
        ) from None


def _password(layout: Layout) -> str:
    """The password in KG_HOME/neo4j.password, made (random, mode 0600) the first time it is needed.

    Made whole in a private file and linked into place, so two kg processes starting at once agree
    on one password and no process ever reads a half-written file."""
    _private_home(layout)
    target = layout.password_file
    if not target.exists():
        partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(32) + "\n")
        with contextlib.suppress(FileExistsError):
            os.link(partial, target)
        partial.unlink(missing_ok=True)
    try:
        if target.stat().st_mode & 0o077:
            target.chmod(0o600)
        password = target.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise LauncherError(f"cannot read {target}: {error.strerror}; it holds the embedded Neo4j's password") from None
    if not password:
        raise LauncherError(f"{target} is empty: write the password of the embedded Neo4j's user neo4j into it")
    return password


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def _write(path: Path, value: int) -> None:
    partial = path.with_suffix(path.suffix + ".partial")
    partial.write_text(f"{value}\n", encoding="utf-8")
    partial.replace(path)


def _forget(layout: Layout) -> None:
    """The server is gone: drop its pid file (the port file stays, so a restart reuses the port)."""
    layout.pid_file.unlink(missing_ok=True)


def _read_from(path: Path, offset: int) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _tail(text: str, lines: int = 3) -> str:
    kept = [line.strip() for line in text.splitlines() if line.strip()]
    return _clean(" | ".join(kept[-lines:]))


def _clean(text: str, limit: int = 400) -> str:
    """One line, not too long: messages end up in a terminal."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
