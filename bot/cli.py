"""`samarbete`: the command line of the service (serve, migrate, manifest, templates, report)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from aiohttp import web

from bot.app import create_app
from bot.settings import Settings, SettingsError, programme_setting, raw_values
from storage.db import create_engine
from storage.migrate import migrate


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


async def _migrate(settings: Settings) -> str:
    engine = create_engine(settings.database_url)
    try:
        return await migrate(engine)
    finally:
        await engine.dispose()


def _check_templates(directory: Path, env_file: str) -> int:
    """Report every problem of every template in the folder (file, item, what is wrong), with the
    names of the programme the service would run (PROGRAMME) filled in."""
    from domain.checklists.loader import check_directory, read_directory

    try:
        programme = programme_setting(raw_values(dotenv_path=env_file))
    except SettingsError as error:
        print(f"samarbete: configuration error: {error}", file=sys.stderr)
        return 2
    templates = read_directory(directory, programme)[0]
    # check_directory also flags a file that reuses the shipped template's name and version
    problems = check_directory(directory, programme)
    for template in templates:
        print(f"OK  {template.name} version {template.version}: {len(template.items)} items")
        for line in _weight_lines(template):
            print(f"    {line}")
    for problem in problems:
        print(f"ERROR  {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s): the service would refuse to start with this folder.", file=sys.stderr)
        return 2
    return 0


def _weight_lines(template) -> list[str]:
    """What the template asks of a delprojekt over the whole path, per character (issue 15: the
    kansli sees a template's weight before publishing it): items, required items, long texts, and
    how many of them apply only if an earlier answer asks for them (counted as if it did)."""
    from domain.checklists.weight import character_sets, weight

    lines = [
        f"{'character':<22}{'items':>6}{'required':>10}{'long text':>11}{'req. long':>11}{'on answer':>11}",
    ]
    for name, characters in character_sets():
        tally = weight(template, characters).total
        lines.append(
            f"{name:<22}{len(tally.items):>6}{len(tally.required):>10}{len(tally.long_text):>11}"
            f"{len(tally.required_long_text):>11}{len(tally.possible_items):>11}"
        )
    for name, characters in (character_sets()[0], character_sets()[-1]):
        stages = weight(template, characters).stages
        per_stage = ", ".join(f"{stage.value} {len(t.required)}/{len(t.items)}" for stage, t in stages)
        lines.append(f"required/items per stage ({name}): {per_stage}")
    lines.append("('on answer': items that apply only if an earlier answer asks for them, counted in the others)")
    return lines


async def _report(settings: Settings, args: argparse.Namespace) -> int:
    """Generate a report as the kansli and record it, like `rapport` in Teams does."""
    import getpass
    from datetime import UTC, datetime

    from domain.checklists.library import TemplateLibrary
    from domain.errors import InvalidKey, NotFound
    from domain.keys import DelprojektKey
    from domain.permissions import Actor
    from reports import service
    from reports.document import Format, ReportKind
    from storage.unit_of_work import UnitOfWorkFactory

    kind = ReportKind(args.kind)
    example = f"{settings.key_prefix}-{datetime.now(UTC).year}-03"
    key = None
    if kind is not ReportKind.OVERSIKT:
        if not args.key:
            print(f"samarbete report: give the delprojekt key, e.g. {example}", file=sys.stderr)
            return 2
        try:
            key = DelprojektKey.parse(args.key)
        except InvalidKey:
            print(f"samarbete report: {args.key!r} is not a delprojekt key (e.g. {example})", file=sys.stderr)
            return 2
    if kind is ReportKind.PROTOKOLL and args.meeting is None:
        print("samarbete report: --kind protokoll needs --meeting N", file=sys.stderr)
        return 2
    request = service.ReportRequest(kind, Format(args.format), args.locale, key, args.meeting)
    library = TemplateLibrary.load(Path(settings.template_dir) if settings.template_dir else None, settings.programme)
    actor = Actor(name=f"{getpass.getuser()} (CLI)", aad_object_id=None, is_kansli=True)
    engine = create_engine(settings.database_url)
    try:
        record, report = await service.produce(UnitOfWorkFactory(engine), request, actor, library, datetime.now(UTC))
    except NotFound:
        print(f"samarbete report: there is no delprojekt {key}", file=sys.stderr)
        return 2
    except service.NoSuchMeeting:
        print(f"samarbete report: {key} has no meeting {args.meeting}", file=sys.stderr)
        return 2
    finally:
        await engine.dispose()
    output = Path(args.output or record.file_name)
    await asyncio.to_thread(output.write_bytes, record.content)
    print(f"Wrote {output} ({len(record.content)} bytes; {len(report.gaps)} gaps; recorded as version {record.id})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samarbete", description="Samarbete för bättre vård – Teams bot")
    parser.add_argument("--env-file", default=".env", help="dotenv file to read (default: .env)")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the bot service")
    serve.add_argument("--host", help="override HOST")
    serve.add_argument("--port", type=int, help="override PORT")
    sub.add_parser("migrate", help="bring the database schema up to date")
    templates = sub.add_parser("templates", help="checklist templates")
    templates_sub = templates.add_subparsers(dest="templates_command", required=True)
    check = templates_sub.add_parser("check", help="validate the checklist templates (*.toml) in a folder")
    check.add_argument("directory", help="the folder, e.g. the TEMPLATE_DIR the service will read")
    package = sub.add_parser("manifest", help="build the Teams app package (zip) from the settings")
    package.add_argument("-o", "--output", default="app.zip", help="where to write the zip (default: app.zip)")
    report = sub.add_parser("report", help="generate a report (as the kansli) and record it")
    report.add_argument("key", nargs="?", help="the delprojekt: prefix-year-number (not for oversikt)")
    report.add_argument(
        "--kind", default="slutrapport", choices=["slutrapport", "uppdrag", "protokoll", "oversikt", "uppfoljning"]
    )
    report.add_argument("--format", default="docx", choices=["docx", "html", "md"])
    report.add_argument("--meeting", type=int, help="the meeting number, for --kind protokoll")
    report.add_argument("--locale", default="sv", choices=["sv", "en"])
    report.add_argument("-o", "--output", help="file to write (default: the report's own file name)")
    args = parser.parse_args(argv)

    if args.command == "templates":
        return _check_templates(Path(args.directory), args.env_file)
    try:
        settings = Settings.load(dotenv_path=args.env_file)
    except SettingsError as error:
        print(f"samarbete: configuration error: {error}", file=sys.stderr)
        return 2
    _configure_logging(settings.log_level)

    if args.command == "manifest":
        from bot.commands import specs_of
        from bot.core_commands import COMMAND_HANDLER_CLASSES
        from manifest.build import ManifestError, build_package

        try:
            path = build_package(settings, specs_of(*COMMAND_HANDLER_CLASSES), Path(args.output))
        except ManifestError as error:
            print(f"samarbete: {error}", file=sys.stderr)
            return 2
        print(f"Wrote the Teams app package to {path}")
        return 0
    if args.command == "report":
        return asyncio.run(_report(settings, args))
    if args.command == "migrate":
        revision = asyncio.run(_migrate(settings))
        print(f"Database is at revision {revision}")
        return 0
    web.run_app(
        create_app(settings),
        host=args.host or settings.host,
        port=args.port or settings.port,
        access_log=None,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
