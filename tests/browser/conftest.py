"""Browser tests: Debian's Chromium driven by Playwright against the demo server.

The journeys are chapters of one story told on one demo server, in file order
(``test_j1_…`` … ``test_j6_…``; ``story.py`` names what they share), so every
test here runs in one process: `make test` runs them after the rest with
``-p no:xdist``; under pytest-xdist they share one ``xdist_group``.
Every chapter logs in with ``helpers.log_in`` and calls ``helpers.check_page``
after each navigation. Chromium must be installed (`make test` installs
Debian's package when it can); without it the run stops, it never skips.
"""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from tests.browser import server
from tests.browser.helpers import CSP_LISTENER

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
GROUP = "browser"
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    """One xdist group for every browser test; browser tests run last, so
    Playwright's event loop never shares the process with a database test."""
    browser, others = [], []
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.xdist_group(GROUP))
            browser.append(item)
        else:
            others.append(item)
    items[:] = others + browser


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.exit(
            f"Chromium is not installed at {CHROMIUM}. The browser tests need "
            "Debian's package: run `sudo apt-get install chromium` (or `make test` "
            "as root, which installs it).",
            returncode=3,
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium):
    return {
        **browser_type_launch_args,
        "executable_path": str(chromium),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo server: its address and the demo users' password."""
    with server.demo_server(tmp_path_factory.mktemp("demo-server")) as url:
        yield SimpleNamespace(url=url, password=settings.DEMO_PASSWORD)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, demo):
    return {
        **browser_context_args,
        "base_url": demo.url,
        "locale": "sv-SE",
        "timezone_id": "Europe/Stockholm",
        "viewport": {"width": 1280, "height": 900},
        "accept_downloads": True,
    }


@pytest.fixture
def context(context):
    context.add_init_script(CSP_LISTENER)
    context.set_default_timeout(15_000)
    return context
