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


def sign(axe, name: str):
    """On the sign page: choose to sign, type the full name, tick the statement and submit;
    the confirmation page follows."""
    axe.page.check("input[name=decision][value=signed]")
    axe.page.fill("input[name=signer_name]", name)
    axe.page.check("input[name=statement]")
    submit(axe)
