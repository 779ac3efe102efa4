"""`make run` checks what Qt's xcb plugin needs before starting and prints the exact install line.

The plugin checked here is a real shared object built for the test, linked against stand-ins for
``libxcb-icccm.so.4`` and ``libxcb-keysyms.so.1`` that are then deleted: ``ldd`` reports them
missing exactly as on a fresh Debian machine, whatever this machine has installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
MISSING = ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")

needs_toolchain = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and shutil.which("cc") and shutil.which("ldd")),
    reason="needs Linux with a C compiler and ldd to build a plugin with missing libraries",
)


@pytest.fixture(scope="module")
def broken_plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plugin")
    source = folder / "stub.c"
    source.write_text("int stub(void) { return 0; }\n", encoding="ascii")
    for soname in MISSING:
        subprocess.run(
            ["cc", "-shared", "-fPIC", f"-Wl,-soname,{soname}", "-o", str(folder / soname), str(source)],
            check=True,
        )
    plugin = folder / "libqxcb.so"
    subprocess.run(
        ["cc", "-shared", "-fPIC", "-Wl,--no-as-needed", "-o", str(plugin), str(source)]
        + [str(folder / soname) for soname in MISSING],
        check=True,
    )
    for soname in MISSING:
        (folder / soname).unlink()
    return plugin


def _check(plugin: Path | None, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    environment.update(env, PYTHONPATH=str(REPO))
    command = [sys.executable, "-m", "annotator.ui.common.platform_check"]
    if plugin is not None:
        command += ["--plugin", str(plugin)]
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


@needs_toolchain
def test_missing_xcb_libraries_are_named_with_the_install_command(broken_plugin: Path) -> None:
    result = _check(broken_plugin, DISPLAY=":0")
    assert result.returncode == 1
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in result.stderr
    line = next(x.strip() for x in result.stderr.splitlines() if "apt-get install" in x)
    assert line.removeprefix("sudo ") == "apt-get install libxcb-icccm4 libxcb-keysyms1"


@needs_toolchain
@pytest.mark.parametrize("env", [{}, {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}])
def test_no_check_without_a_display_or_offscreen(broken_plugin: Path, env: dict[str, str]) -> None:
    result = _check(broken_plugin, **env)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_plugin_with_everything_passes() -> None:
    """The offscreen plugin the tests run on: everything it needs is here, so nothing is printed."""
    from annotator.ui.common.platform_check import xcb_plugin

    plugin = xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    offscreen = plugin.with_name("libqoffscreen.so")
    result = _check(offscreen, DISPLAY=":0", QT_QPA_PLATFORM="xcb")
    assert (result.returncode, result.stderr) == (0, "")


def test_package_names_follow_debian() -> None:
    from annotator.ui.common.platform_check import install_command, package_of

    assert package_of("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert package_of("libxcb-render-util.so.0") == "libxcb-render-util0"
    assert package_of("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert package_of("libX11-xcb.so.1") == "libx11-xcb1"
    assert install_command(["libxcb-icccm.so.4", "libxcb-icccm.so.4"]).endswith("install libxcb-icccm4")


def test_make_run_checks_before_starting_and_the_readme_says_so() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert recipe.index("annotator.ui.common.platform_check") < recipe.index("annotator gui")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "apt-get install libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0" in readme
