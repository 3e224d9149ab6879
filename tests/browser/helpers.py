"""Shared by the browser tests of the agreement flow: navigating with axe-core after each step,
and a quiet output for the demo loaders."""

from __future__ import annotations


class NoOutput:
    """Swallows what a demo loader writes (it expects a command's stdout)."""

    def write(self, *args, **kwargs):
        pass


def press(axe, selector):
    with axe.page.expect_navigation():
        axe.page.click(selector)
    axe.check()


def click(axe, text):
    press(axe, f"main a:has-text('{text}')")


def submit(axe):
    press(axe, "main form button[type=submit].utrecht-button--primary-action")
