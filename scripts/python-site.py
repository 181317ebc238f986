"""Print the site-packages folder `make install` puts the weft package in,
under the prefix given (default /usr/local), for the Python running this.

Debian's python3 reads PREFIX/lib/python3.X/dist-packages for /usr/local
(its "posix_local" scheme), so that is used when the interpreter is
Debian's; any other gets sysconfig's posix_prefix layout
(PREFIX/lib/python3.X/site-packages), which a PYTHONPATH may point at.
Both keep the package at PREFIX/lib/<python>/<folder>/weft, three levels
under PREFIX/lib, where the extension's rpath ($ORIGIN/../../..) finds libweft.so."""
import sys
import sysconfig

prefix = sys.argv[1] if len(sys.argv) > 1 else "/usr/local"
ver = "%d.%d" % sys.version_info[:2]
if "deb_system" in sysconfig.get_scheme_names():
    print("%s/lib/python%s/dist-packages" % (prefix.rstrip("/") or "", ver))
else:
    print(sysconfig.get_path("platlib", "posix_prefix", {"base": prefix, "platbase": prefix}))
