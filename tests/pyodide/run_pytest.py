# Runs inside Pyodide (tests/pyodide/run_python.mjs): pytest on the checker's unit tests.
# The checker, dnspython and idna are the wheels the site ships (already installed in
# site-packages); the tests are mounted at /project/tests; pytest and its pure-Python
# dependencies come from the host's environment, mounted at /host-site-packages and put
# *after* site-packages, so nothing there can stand in for a shipped wheel.
import os
import sys

# The host's pytest plugins (hypothesis's ships a native module) stay out.
os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
sys.path.insert(0, "/project")
sys.path.append("/host-site-packages")
sys.dont_write_bytecode = True  # the mounted folders are the host's

import checker
import dns

SHIPPED = "/lib/python%d.%d/site-packages/" % sys.version_info[:2]
for module in (checker, dns):
    if not module.__file__.startswith(SHIPPED):
        raise RuntimeError(f"{module.__name__} does not come from the shipped wheel: {module.__file__}")

# The tests' DNS fixture parses zone files with dnspython modules the browser never needs,
# so the site does not ship them (dns.zonefile...): those, and only those, come from the
# host's dnspython (the same version, requirements.lock); every module the shipped wheel
# has is the shipped one. They are listed at the end.
dns.__path__.append("/host-site-packages/dns")

import pytest

arguments = open("/job/arguments").read().split("\n")
# Tests that need what Pyodide has not (sockets: the real DNS fixture server; a browser).
NEEDS_SOCKETS = {"dns_server", "dns_fixture", "dns", "resolver", "silent_nameserver", "closed_port", "browser", "page"}


class LeaveToCPython:
    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config, items):
        kept = [item for item in items if not NEEDS_SOCKETS & set(getattr(item, "fixturenames", ()))]
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


exit_code = int(pytest.main([a for a in arguments if a], plugins=[LeaveToCPython()]))
borrowed = sorted(name for name, module in sys.modules.items()
                  if (getattr(module, "__file__", None) or "").startswith("/host-site-packages/dns/"))
print(f"dnspython modules from the host, for the tests' fixture: {', '.join(borrowed) or 'none'}")
exit_code  # the last expression: run_python.mjs's exit code
