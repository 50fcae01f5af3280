"""Ctrl-C that a library turns into an error of its own is still reported as 已取消."""

from __future__ import annotations

import click
import pytest

from qplan import interrupts
from qplan.cli import run_guarded


@pytest.fixture
def fresh_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(interrupts, "received", False)


def _failing_after(interrupted: bool) -> click.Command:
    @click.command()
    def command() -> None:
        if interrupted:
            with pytest.raises(KeyboardInterrupt):
                interrupts.interrupt()
        raise TypeError("expected <class 'bool'>")

    return command


@pytest.mark.usefixtures("fresh_flag")
def test_an_error_after_ctrl_c_is_reported_as_cancelled(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_request:
        run_guarded(_failing_after(interrupted=True), [])
    assert exit_request.value.code == 130
    err = capsys.readouterr().err
    assert err.strip() == "已取消。"


@pytest.mark.usefixtures("fresh_flag")
def test_the_same_error_without_ctrl_c_is_a_defect(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_request:
        run_guarded(_failing_after(interrupted=False), [])
    assert exit_request.value.code == 3
    assert "内部错误：TypeError" in capsys.readouterr().err


def test_openpyxl_turns_an_interrupt_into_a_type_error() -> None:
    """Why the flag exists: openpyxl's descriptors catch everything while converting a value."""
    from openpyxl.descriptors.base import _convert

    class Interrupting:
        def __bool__(self) -> bool:
            raise KeyboardInterrupt

    with pytest.raises(TypeError):
        _convert(bool, Interrupting())


def _lost_in_a_finaliser(error: BaseException) -> None:
    """An exception raised where Python cannot raise it (a __del__): Python reports it as
    unraisable and carries on."""

    class Finalised:
        def __del__(self) -> None:
            raise error

    Finalised()


@pytest.mark.parametrize("error, printed", [
    pytest.param(KeyboardInterrupt(), False, id="interrupt-lost-quietly"),
    pytest.param(ValueError("boom"), True, id="other-errors-still-reported"),
])
def test_an_interrupt_python_cannot_raise_prints_no_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], error: BaseException,
        printed: bool) -> None:
    monkeypatch.setattr("sys.unraisablehook", interrupts.quiet_lost_interrupt)
    _lost_in_a_finaliser(error)
    err = capsys.readouterr().err
    assert ("Traceback" in err and "ValueError: boom" in err) if printed else err == ""
