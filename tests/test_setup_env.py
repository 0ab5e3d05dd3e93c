"""The set-up script's choices, with apt and dpkg played by stubs: package names per release,
checking without installing, and the one command a user without sudo is given."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# dpkg-query and apt-cache as the script calls them, answering from the environment:
# STUB_INSTALLED and STUB_CANDIDATES hold package names; every call is logged.
DPKG_QUERY = r"""#!/bin/bash
echo "dpkg-query $*" >> "$STUB_LOG"
format=$2; shift 2
for pattern in "$@"; do
    for name in $STUB_INSTALLED; do
        case "$name" in $pattern) ;; *) continue ;; esac
        case "$format" in *Package*) echo "installed:$name" ;; *) echo installed ;; esac
    done
done
"""
APT_CACHE = r"""#!/bin/bash
echo "apt-cache $*" >> "$STUB_LOG"
shift
for name in "$@"; do
    case " $STUB_CANDIDATES " in
        *" $name "*) printf '%s:\n  Installed: (none)\n  Candidate: 1.0\n' "$name" ;;
    esac
done
"""
# A user without root; sudo, where present, wants a password nobody can type.
ID = "#!/bin/bash\necho 1000\n"
SUDO = '#!/bin/bash\necho "sudo $*" >> "$STUB_LOG"\nexit 1\n'


def _listed(variable: str) -> list[str]:
    """One of the script's lists of what Qt loads."""
    result = subprocess.run(
        ["bash", "-c", f". tools/setup-env.sh; echo ${variable}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


GLIB = "libglib2.0-0t64|libglib2.0-0"
OFFSCREEN_NEEDS = _listed("QT_OFFSCREEN_NEEDS")
# The packages with one name everywhere.
OFFSCREEN = [need for need in OFFSCREEN_NEEDS if need != GLIB]
DESKTOP = _listed("QT_DESKTOP_NEEDS")


def test_glib_is_named_for_each_release() -> None:
    assert GLIB in OFFSCREEN_NEEDS
    assert not any("|" in need for need in [*OFFSCREEN, *DESKTOP])
    assert "libgl1" in OFFSCREEN and "libxcb-cursor0" in DESKTOP
    # QtPdf (the pack preview) links Qt's network library, which needs GSSAPI: a minimal
    # Debian 13 root lacks it, and importing the board pack dialog failed there.
    assert "libgssapi-krb5-2" in OFFSCREEN


@dataclass
class Run:
    status: int
    stderr: str
    calls: list[str]

    @property
    def command(self) -> list[str]:
        """The apt-get command the user is given, as words."""
        lines = [line.strip() for line in self.stderr.splitlines() if "apt-get" in line]
        assert len(lines) == 1, self.stderr
        return lines[0].split()


@pytest.fixture
def stubs(tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, text in (("dpkg-query", DPKG_QUERY), ("apt-cache", APT_CACHE), ("id", ID)):
        (folder / name).write_text(text)
        (folder / name).chmod(0o755)
    return folder


def ensure(
    stubs: Path,
    platform: str,
    installed: list[str],
    candidates: list[str],
    sudo: bool = False,
    call: str = "",
) -> Run:
    """``ensure_system_packages`` (or ``call``) for a user without root, on the system the
    stubs describe."""
    if sudo:
        (stubs / "sudo").write_text(SUDO)
        (stubs / "sudo").chmod(0o755)
    log = stubs.parent / "calls.log"
    log.write_text("")
    # Only the stubs and the shell's basic tools: no real apt, dpkg or sudo.
    tools = stubs.parent / "tools"
    tools.mkdir(exist_ok=True)
    for tool in ("bash", "cat", "tr", "awk", "grep", "dirname"):
        found = next(Path(d) / tool for d in ("/usr/bin", "/bin") if (Path(d) / tool).exists())
        if not (tools / tool).exists():
            (tools / tool).symlink_to(found)
    script = ". tools/setup-env.sh; " + (call or f'ensure_system_packages "" {platform}')
    env = {
        "PATH": f"{stubs}:{tools}",
        "STUB_LOG": str(log),
        "STUB_INSTALLED": " ".join(installed),
        "STUB_CANDIDATES": " ".join(candidates),
    }
    result = subprocess.run(
        [str(tools / "bash"), "-c", script],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    return Run(result.returncode, result.stderr, log.read_text().splitlines())


def test_debian_13_and_ubuntu_24_04_get_the_t64_name(stubs: Path) -> None:
    run = ensure(stubs, "offscreen", [], [*OFFSCREEN, *DESKTOP, "libglib2.0-0t64"])
    assert run.status == 1
    assert "libglib2.0-0t64" in run.command and "libglib2.0-0" not in run.command


def test_debian_12_and_ubuntu_22_04_keep_the_old_name(stubs: Path) -> None:
    run = ensure(stubs, "offscreen", [], [*OFFSCREEN, *DESKTOP, "libglib2.0-0"])
    assert "libglib2.0-0" in run.command and "libglib2.0-0t64" not in run.command


def test_one_complete_command_for_both_scripts(stubs: Path) -> None:
    """The tests ask for a library: the command also brings the window's, so nobody asks twice."""
    run = ensure(stubs, "offscreen", [*DESKTOP], [*OFFSCREEN, *DESKTOP, "libglib2.0-0t64"])
    start = ["apt-get", "update", "&&", "apt-get", "install", "-y", "--no-install-recommends"]
    assert run.command[:7] == start
    assert set(run.command[7:]) == {*OFFSCREEN, "libglib2.0-0t64"}
    run = ensure(stubs, "offscreen", ["libgl1"], [*OFFSCREEN, *DESKTOP, "libglib2.0-0t64"])
    assert run.command[:7] == start
    assert set(run.command[7:]) == {*OFFSCREEN, *DESKTOP, "libglib2.0-0t64"} - {"libgl1"}


def test_a_debian_without_python_is_given_python_in_the_same_command(
    stubs: Path, tmp_path: Path
) -> None:
    """A bare Debian (a container's image, a minimal install) has no Python: the one command
    brings it and its venv with Qt's libraries (the stubs' PATH holds no python3)."""
    everything = [*OFFSCREEN, *DESKTOP, "libglib2.0-0t64", "python3", "python3-venv"]
    call = f"VENV={tmp_path / 'no-venv'}; setup_env test offscreen"
    run = ensure(stubs, "offscreen", [], everything, call=call)
    assert run.status == 1
    assert {"python3", "python3-venv", *OFFSCREEN} <= set(run.command[7:])
    named = ensure(stubs, "offscreen", [], everything, call=f"PYTHON=python3.13; {call}")
    assert named.status == 1 and "PYTHON=python3.13 is not Python 3.11" in named.stderr
    assert "apt-get" not in named.stderr


def test_sudo_that_needs_a_password_nobody_can_type_is_not_waited_on(stubs: Path) -> None:
    run = ensure(stubs, "desktop", [], [*OFFSCREEN, *DESKTOP, "libglib2.0-0"], sudo=True)
    assert run.status == 1 and "apt-get update &&" in run.stderr
    assert [c for c in run.calls if c.startswith("sudo")] == ["sudo -n true"]


def test_later_runs_only_check(stubs: Path) -> None:
    """Everything there: one dpkg-query, no apt, no sudo, nothing said."""
    everything = [*OFFSCREEN, *DESKTOP, "libglib2.0-0t64"]
    run = ensure(stubs, "desktop", everything, everything, sudo=True)
    assert (run.status, run.stderr) == (0, "")
    assert len(run.calls) == 1 and run.calls[0].startswith("dpkg-query")


def test_the_window_libraries_are_not_asked_for_by_the_tests(stubs: Path) -> None:
    run = ensure(stubs, "offscreen", [*OFFSCREEN, "libglib2.0-0"], [], sudo=True)
    assert (run.status, run.stderr) == (0, "")


@pytest.mark.parametrize(
    ("installed", "expected"), [(["libssl3t64"], "libglib2.0-0t64"), ([], "libglib2.0-0")]
)
def test_without_package_lists_the_release_decides(
    stubs: Path, installed: list[str], expected: str
) -> None:
    """apt knows no package before ``apt-get update``; a system already on t64 names gets t64."""
    run = ensure(stubs, "offscreen", installed, [])
    glib = [word for word in run.command if word.startswith("libglib")]
    assert glib == [expected]


def test_run_app_with_no_display_says_how_to_run_headless() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [str(REPO / "run-app.sh")], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.endswith(".\n")  # one sentence
    assert "QT_QPA_PLATFORM=offscreen ./run-app.sh" in result.stderr
    assert "xvfb-run ./run-app.sh" in result.stderr
