"""Builds the weft Python package (python/weft) for pip; see pyproject.toml.

The extension links libweft.so, which finds its plugins and profiles next
to itself, so the package uses an existing libweft rather than a copy:
  1. WEFT_LIBDIR (and WEFT_INCLUDEDIR) from the environment, if set;
  2. the source tree's build folder (WEFT_BUILD, default build/) when
     `make` has built libweft.so there (else, with no installed weft,
     `make all` is run first);
  3. an installed weft (`make install`), through pkg-config.
The library's folder goes into the extension's rpath.
"""
import os
import re
import subprocess

from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def version():
    with open(os.path.join(HERE, "core", "version.h"), encoding="utf-8") as f:
        return re.search(r'#define WEFT_VERSION "([^"]+)"', f.read()).group(1)


def pkg_config(*args):
    try:
        return subprocess.check_output(["pkg-config", *args, "weft"], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def libweft():
    """(include folder, library folder) of the libweft to link."""
    if os.environ.get("WEFT_LIBDIR"):
        inc = os.environ.get("WEFT_INCLUDEDIR", os.path.join(HERE, "include"))
        return inc, os.environ["WEFT_LIBDIR"]
    build = os.path.join(HERE, os.environ.get("WEFT_BUILD", "build"))
    if not os.path.exists(os.path.join(build, "libweft.so")) and pkg_config("--exists") is not None:
        return pkg_config("--variable=includedir"), pkg_config("--variable=libdir")
    if not os.path.exists(os.path.join(build, "libweft.so")):
        subprocess.check_call(["make", "-C", HERE, "all"])
    return os.path.join(HERE, "include"), build


inc, libdir = libweft()
setup(
    version=version(),
    package_dir={"": "python"},
    packages=["weft"],
    package_data={"weft": ["*.pyi", "py.typed"]},
    exclude_package_data={"weft": ["*.c"]},
    ext_modules=[
        Extension(
            "weft._weft",
            ["python/weft/_weft.c"],
            include_dirs=[inc],
            library_dirs=[libdir],
            libraries=["weft", "pthread"],
            runtime_library_dirs=[libdir],
            extra_compile_args=["-std=c11", "-fvisibility=hidden"],
        )
    ],
    # make's build/ is not setuptools' scratch folder
    options={"build": {"build_base": os.path.join("build", "setuptools")}},
)
