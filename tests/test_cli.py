"""Every command has --help with an example."""
import click
from click.testing import CliRunner

from provenance.cli import main


def all_commands(group, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from all_commands(cmd, prefix + (name,))


def test_every_command_has_help_with_an_example():
    for path, _ in [((), main)] + list(all_commands(main)):
        result = CliRunner().invoke(main, list(path) + ["--help"])
        assert result.exit_code == 0, path
        assert "Example" in result.output, f"{' '.join(path) or 'provenance'} --help has no example"
