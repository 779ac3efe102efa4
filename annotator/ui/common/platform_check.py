"""Before the window opens on X11: does Qt's xcb platform plugin find every library it needs?

On a fresh Debian machine with a display, PySide6's wheel brings Qt but not the X11 helper
libraries its ``libqxcb.so`` links against (``libxcb-icccm4``, ``libxcb-keysyms1``, ...), and Qt's
own message then names ``xcb-cursor0`` whatever is really missing. ``make run`` runs this check
first (``python -m annotator.ui.common.platform_check``): it asks ``ldd`` which libraries of the plugin are
not found and prints the exact ``apt-get install`` line. It checks only when the xcb plugin will be
used: on Linux, with ``$DISPLAY`` set and ``$QT_QPA_PLATFORM`` unset or ``xcb`` (never offscreen).

Exit status 0 when nothing is missing or there is nothing to check, 1 when libraries are missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

#: Libraries whose Debian/Ubuntu package name does not follow from the file name alone.
PACKAGES: Mapping[str, str] = {
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_SONAME = re.compile(r"^(lib[\w+.-]+?)\.so\.(\d+)")


def xcb_plugin() -> Path | None:
    """PySide6's ``plugins/platforms/libqxcb.so``, found without importing Qt (None if absent)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def xcb_will_be_used(env: Mapping[str, str] | None = None) -> bool:
    """Whether Qt will load the xcb plugin: Linux, a display set, no other platform asked for."""
    env = os.environ if env is None else env
    platform = env.get("QT_QPA_PLATFORM", "").strip().lower()
    return sys.platform.startswith("linux") and bool(env.get("DISPLAY")) and platform in ("", "xcb")


def missing_libraries(plugin: Path) -> list[str]:
    """The libraries ``ldd`` reports as not found for ``plugin`` (directly or through another), in order."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    result = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, check=False)  # noqa: S603
    seen: dict[str, None] = {}
    for name in _NOT_FOUND.findall(result.stdout):
        seen.setdefault(name, None)
    return list(seen)


def package_of(library: str) -> str:
    """The Debian/Ubuntu package that ships ``library`` (``libxcb-icccm.so.4`` -> ``libxcb-icccm4``)."""
    if library in PACKAGES:
        return PACKAGES[library]
    match = _SONAME.match(library)
    if match is None:
        return library
    name, version = match.groups()
    # Debian's rule: the soname's version is appended, after a hyphen when the name ends in a digit.
    return f"{name.lower()}{'-' if name[-1].isdigit() else ''}{version}"


def install_command(libraries: Sequence[str]) -> str:
    """The line to paste: ``apt-get install`` with every package once (after ``sudo`` unless root)."""
    packages = dict.fromkeys(package_of(lib) for lib in libraries)
    sudo = "" if hasattr(os, "geteuid") and os.geteuid() == 0 else "sudo "
    return f"{sudo}apt-get install " + " ".join(packages)


def report(plugin: Path, libraries: Sequence[str]) -> str:
    return (
        f"Qt cannot open a window on this display: its X11 plugin {plugin}\n"
        f"needs libraries that are not installed: {', '.join(libraries)}.\n"
        f"Install them with:\n\n    {install_command(libraries)}\n\n"
        "(or run without a window: QT_QPA_PLATFORM=offscreen)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check that Qt's xcb platform plugin can load.")
    parser.add_argument("--plugin", type=Path, help="the plugin to check (default: PySide6's libqxcb.so)")
    args = parser.parse_args(argv)
    if not xcb_will_be_used():
        return 0
    plugin = args.plugin or xcb_plugin()
    if plugin is None:
        return 0  # no xcb plugin in this Qt: Qt itself will say which platforms it has
    missing = missing_libraries(plugin)
    if not missing:
        return 0
    print(report(plugin, missing), file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
