"""The `ptscribe` command group: one-line errors and help without type noise.

Services raise PtscribeError subclasses with a message a user can act on; no command needs
its own try/except; a usage error (an option value typer refuses) is printed the same way.
Catching both in the group's `invoke` (rather than around `app()` in `main`) also covers
typer's test runner and any embedding of the app.

Typer's help shows `<bool>` beside every flag and wraps required arguments in braces
(`ptscribe bill [OPTIONS] {file}`). The group rewrites that once for every command it holds,
whichever module declared it: flags show no type and the usage line names arguments as
`FILE`, optional ones as `[FILE]`. Typer offers no setting for either, so the two help
methods are replaced on each command object (behaviour is untouched: only help text).
"""

from collections.abc import Callable
from types import MethodType
from typing import Any

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperArgument, TyperGroup, TyperOption

from assistant.errors import PtscribeError


def _usage_pieces(command: Any, ctx: Any) -> list[str]:
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if isinstance(param, TyperArgument):
            name = (param.metavar or param.name or "arg").upper()
            name = name if param.required else f"[{name}]"
            pieces.append(name + ("..." if param.nargs != 1 else ""))
    subcommands = getattr(command, "subcommand_metavar", None)
    return [*pieces, subcommands] if subcommands else pieces


def _help_option(original: Callable[[Any], Any]) -> Callable[[Any, Any], Any]:
    def get_help_option(command: Any, ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            option.metavar = ""  # a flag: no `<bool>`
        return option

    return get_help_option


def quiet_help(command: Any) -> None:
    """Plain help for a command and everything under it."""
    if "collect_usage_pieces" not in vars(command):
        command.collect_usage_pieces = MethodType(_usage_pieces, command)
        command.get_help_option = MethodType(_help_option(command.get_help_option), command)
    for param in command.params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        quiet_help(sub)


class RootGroup(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quiet_help(self)

    def invoke(self, ctx: Any) -> Any:  # typer.Context; click is vendored privately
        try:
            return super().invoke(ctx)
        except PtscribeError as exc:
            message = " ".join(str(exc).split())  # one line, whatever the message held
            typer.echo(f"error: {message}", err=True)
            raise typer.Exit(2) from None
        except NoArgsIsHelpError:
            raise  # `ptscribe note` alone shows its help, as asked
        except UsageError as exc:
            # A bad option value (`--n 0`, `--format xml`, a 5,000-digit id) is one line like
            # every other refusal, not typer's boxed panel; the help command is named.
            where = exc.ctx.command_path if exc.ctx is not None else "ptscribe"
            message = " ".join(exc.format_message().split())
            typer.echo(f"error: {message} (see `{where} --help`)", err=True)
            raise typer.Exit(2) from None
