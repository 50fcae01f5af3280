"""The plans folder: one YAML file per plan, named by its id, beside units.yaml."""

from __future__ import annotations

import os
import stat as stat_module
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from qplan.cache import ParseCache, mentioned_units, settled
from qplan.errors import FileReadError, QplanError, UnknownPlanError, WorkspaceError
from qplan.registry import Registry, build_registry
from qplan.yamlio import decode_text, is_temp_leftover, parse_yaml_fast, read_file

if TYPE_CHECKING:
    # The model is imported where plans are built: a warm `show --format json` (qplan.digest)
    # builds none.
    from qplan.digest import Digest
    from qplan.model import Item, Plan

T = TypeVar("T")
REGISTRY_FILE = "units.yaml"
# Below this many unread files, starting worker processes costs more than it saves.
PARALLEL_MINIMUM = 40
# A temp file older than this is a leftover of a killed write, not one in progress.
LEFTOVER_SECONDS = 15
LEFTOVER_NOTE = ("是一次中断的写入留下的临时文件，不会当作计划读取，原文件完好。可以删除它；"
                 "下次修改该文件时 qplan 也会自动清理。")
PLAN_SUFFIXES = (".yaml", ".yml")
# A plan id is a file name on every system the office uses (Windows, macOS, Linux, shares).
# (Checked without a pattern: compiling one over the ideographs costs every command a few ms.)
_ID_PUNCTUATION = frozenset("_.-")


def _valid_id(plan_id: str) -> bool:
    if plan_id.isascii():  # nearly every id: 2025, 2024-chains
        return plan_id[:1].isalnum() and plan_id.translate(_ID_PUNCTUATION_GONE).isalnum()
    return bool(plan_id) and all(_id_character(char, index == 0) for index, char in enumerate(plan_id))


_ID_PUNCTUATION_GONE = str.maketrans("", "", "_.-")


def _id_character(char: str, first: bool) -> bool:
    return ("0" <= char <= "9" or "A" <= char <= "Z" or "a" <= char <= "z" or "\u4e00" <= char <= "\u9fff"
            or (not first and char in _ID_PUNCTUATION))
MAX_PLAN_ID_LENGTH = 64
# Device names Windows reserves in every folder, with or without a suffix (con.yaml too).
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}


def plan_id_problem(plan_id: str) -> str | None:
    """Why `plan_id` cannot name a plan file everywhere, or None when it can."""
    shown = repr(plan_id)[1:-1] if not plan_id.isprintable() else plan_id
    if not plan_id.strip():
        return "计划编号为空"
    if not plan_id.isprintable():
        return f"计划编号“{shown}”含有换行、制表符等控制字符"
    if any(char in plan_id for char in "/\\:"):
        return f"计划编号“{plan_id}”含有路径符号（/ \\ :）"
    if not _valid_id(plan_id):
        return f"计划编号“{plan_id}”只能由字母、数字、汉字和 - _ . 组成，并以字母、数字或汉字开头"
    if plan_id.endswith(".") or ".." in plan_id:
        return f"计划编号“{plan_id}”不能以 . 结尾，也不能含 ..（Windows 会去掉结尾的点）"
    if plan_id.split(".")[0].lower() in WINDOWS_RESERVED:
        return f"计划编号“{plan_id}”是 Windows 保留的设备名，在 Windows 上无法建立这个文件"
    if plan_id.casefold() in ("units", "units.yaml", "units.yml"):
        return f"计划编号“{plan_id}”与单位登记表 units.yaml 同名（不区分大小写的系统上是同一个文件）"
    if len(plan_id) > MAX_PLAN_ID_LENGTH:
        return f"计划编号“{plan_id}”太长（{len(plan_id)} 个字符，最多 {MAX_PLAN_ID_LENGTH} 个）"
    return None


# date.min, for a plan without a date: the order of qplan.model.Plan.sort_key, in ISO text.
NO_DATE = "0001-01-01"


class SkippedPlan:
    """A plan a unit's query did not read, as the parse cache knows it: enough to say what
    reading it would have added to the messages (a copy, a group nobody recorded)."""

    __slots__ = ("date", "file", "mentions", "plan_id", "title")

    def __init__(self, plan_id: str, file: Path, title: str, date: str | None,
                 mentions: list[tuple[str, int]]) -> None:
        self.plan_id, self.file, self.title, self.date, self.mentions = plan_id, file, title, date, mentions

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.date or NO_DATE, self.plan_id)


@dataclass
class LoadResult:
    plans: list[Plan] = field(default_factory=list)
    errors: list[QplanError] = field(default_factory=list)
    # Plans known (from the parse cache) not to mention any of the units asked about.
    skipped: list[SkippedPlan] = field(default_factory=list)
    # Names in skipped plans that the registry does not know: a misspelling there could hide
    # one of the asked-about unit's items, so the user must still hear of them.
    unknown_in_skipped: set[str] = field(default_factory=set)
    # What the user should hear about the folder: stray copies, leftover temp files.
    notes: list[str] = field(default_factory=list)

    @property
    def searched(self) -> int:
        return len(self.plans) + len(self.skipped)


@dataclass
class DigestLoad:
    """As LoadResult, with the digests of the plans (qplan.digest) instead of the plans."""

    digests: list[Digest]
    skipped: list[SkippedPlan]
    unknown_in_skipped: set[str]
    notes: list[str]

    @property
    def searched(self) -> int:
        return len(self.digests) + len(self.skipped)


class Workspace:
    def __init__(self, root: Path | str):
        self.root = Path(root)
        try:
            status = self.root.stat()
        except FileNotFoundError:
            raise WorkspaceError(
                f"计划文件夹“{self.root}”不存在。请用 --plans 指定计划文件夹，"
                "或设置环境变量 QPLAN_PLANS，或在含有 plans/ 的目录中运行。"
            ) from None
        except OSError as exc:
            raise _unreadable_folder(self.root, exc) from None
        if not stat_module.S_ISDIR(status.st_mode):
            raise WorkspaceError(f"“{self.root}”不是文件夹。--plans 应指向存放计划 YAML 文件的文件夹。")
        try:
            # Listing needs read permission, opening the files inside needs search (x) permission.
            os.scandir(self.root).close()
            (self.root / REGISTRY_FILE).lstat()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise _unreadable_folder(self.root, exc) from None
        # Entries of the folder that look like plans (or the registry) but are not read as
        # such: each is pointed out by every command that reads the folder, and by validate.
        self.unread: list[tuple[Path, str]] = []
        self._registry: Registry | None = None
        # An ambiguous registry stops every command that resolves names; validate, which
        # reports the ambiguity itself, reads on.
        self.strict_registry = True
        self._plans: dict[str, Plan] = {}
        self._files: dict[str, Path] | None = None
        self.cache = ParseCache(self.root)
        self._prefetched: dict[str, tuple[tuple[int, int, int], Any, bytes]] = {}
        self._leftovers: list[Path] = []
        self.notes: list[str] = []

    @property
    def registry_path(self) -> Path:
        return self.root / REGISTRY_FILE

    def plan_files(self) -> dict[str, Path]:
        if self._files is not None:
            return self._files
        found: dict[str, Path] = {}
        try:
            # In the order of Path's own comparison (case-folded on Windows), without its cost.
            entries = sorted(self.root.iterdir(), key=_path_order)
        except OSError as exc:
            raise _unreadable_folder(self.root, exc) from None
        for path in entries:
            if is_temp_leftover(path.name):
                self._leftovers.append(path)
            if path.name.startswith("."):
                continue
            problem = _not_a_plan(path, found)
            if problem is not None:
                self.unread.append((path, problem))
            elif path.suffix in PLAN_SUFFIXES and path.name != REGISTRY_FILE:
                # Also an entry that is no regular file (a broken or looping symlink, a folder,
                # a pipe): reading it as a plan fails with a message that says what it is,
                # instead of the plan silently missing from every answer.
                found[path.stem] = path
        self._files = found
        for path, reason in self.unread:
            self.note(f"{path} {reason}")
        return found

    def unread_entries(self) -> list[tuple[Path, str]]:
        """Entries named almost like plans that are not read, each with the reason."""
        self.plan_files()
        return list(self.unread)

    def plan_ids(self) -> list[str]:
        return list(self.plan_files())

    def plan_path(self, plan_id: str) -> Path:
        files = self.plan_files()
        if plan_id not in files and plan_id in ("units", REGISTRY_FILE):
            raise UnknownPlanError(
                f"“{plan_id}”是单位登记表（{self.registry_path}），不是计划。"
                "查看单位请用 `qplan units`；查看计划列表请用 `qplan plans`。"
            )
        if plan_id not in files:
            known = "、".join(files) or "（无）"
            raise UnknownPlanError(
                f"计划“{plan_id}”不存在：“{self.root}”中没有 {plan_id}.yaml。"
                f"现有计划：{known}。可用 `qplan plans` 查看。"
            )
        return files[plan_id]

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            # lexists: a units.yaml that is a broken symlink is an error to report, not a
            # missing registry under which every unit would silently be unknown.
            if not os.path.lexists(self.registry_path):
                self._registry = Registry([], None)
            else:
                path = self.registry_path
                registry = self._cached(
                    path, lambda doc: build_registry(doc, path), lambda doc: _registry_from_file(doc, path)
                )
                self.cache.save()
                if registry.ambiguous and self.strict_registry:
                    from qplan.planfile import ambiguity_error

                    raise ambiguity_error(path)
                self._registry = registry
        return self._registry

    @property
    def has_registry(self) -> bool:
        return os.path.lexists(self.registry_path)

    def plan(self, plan_id: str) -> Plan:
        """The plan with every unit name resolved to its canonical name where known."""
        if plan_id not in self._plans:
            self._plans[plan_id] = self._read_plan(plan_id)
            self.cache.save()
        return self._plans[plan_id]

    def note(self, message: str) -> None:
        """Something the user should hear about the folder (a stray copy, a leftover temp file)."""
        if message not in self.notes:
            self.notes.append(message)

    def _read_plan(self, plan_id: str) -> Plan:
        from qplan.planfile import build_plan, plan_from_doc

        path = self._reading(plan_id)
        names = self.registry.names
        return self._cached(
            path,
            lambda doc: build_plan(doc, plan_id, path, names),
            lambda doc: plan_from_doc(doc, plan_id, path, names),
            index_units=True,
        )

    def _reading(self, plan_id: str, *, regular: bool = False) -> Path:
        """The plan's file, about to be read: what the user should hear about it is noted.
        `regular`: the file is known to be a regular file (or a link to one)."""
        path = self.plan_path(plan_id)
        if not regular:
            check_plan_entry(path)
        self._note_naming(plan_id, path)
        return path

    def _note_naming(self, plan_id: str, path: Path) -> None:
        """What every command that reads the plan says about its name and the folder (also
        when the cache lets a query pass it unread: the messages do not depend on the cache)."""
        self._note_folder_leftovers()
        problem = plan_id_problem(plan_id)
        if problem is not None:
            self.note(f"{path} 的文件名不是计划编号（{problem}），可能是副本或误放的文件；它也被当作计划"
                      f"“{plan_id}”读取，其中的条目会被重复计算。请改名（如 2026.yaml）或把它移出计划文件夹。")

    def _cached(self, path: Path, from_cache: Callable[[Any], T], from_file: Callable[[Any], T],
                index_units: bool = False) -> T:
        """Build from the parse cache when the file is unchanged, else parse and remember."""
        try:
            stat: os.stat_result | None = path.stat()
        except OSError:
            stat = None
        if stat is not None:
            doc = self.cache.get(path.name, stat)
            if doc is not None:
                try:
                    return from_cache(doc)
                except Exception:
                    pass
        prefetched = self._prefetched.pop(path.name, None)
        if prefetched is not None and stat is not None and prefetched[0] == stat_key(stat):
            doc, data = prefetched[1], prefetched[2]
        else:
            # The status of the file actually read, not of the one stat() saw: a writer may
            # have replaced it in between.
            data, stat = read_file(path)
            doc = parse_yaml_fast(decode_text(data, path), path)
        built = from_file(doc)
        if index_units:
            from qplan.planfile import plan_summary

            self.cache.put(path.name, stat, doc, mentioned_units(doc), data or None, plan_summary(doc))
        else:
            self.cache.put(path.name, stat, doc, None, data or None)
        return built

    def _prefetch(self, plan_ids: list[str], involving: set[str] | None) -> None:
        """Parse many uncached files in parallel: YAML parsing is the cost of a first read."""
        todo: list[Path] = []
        for plan_id in plan_ids:
            path = self.plan_path(plan_id)
            try:
                stat = path.stat()
            except OSError:
                continue
            if self.cache.units(path.name, stat) is None:
                todo.append(path)
        workers = min(os.cpu_count() or 1, 8)
        if len(todo) < PARALLEL_MINIMUM or workers < 2 or sys.platform != "linux":
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_interrupts)
        try:
            for path, outcome in zip(todo, pool.map(parse_clean_plan, todo, chunksize=8), strict=True):
                if outcome is not None:
                    self._prefetched[path.name] = outcome
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()

    def _skipped(self, plan_id: str, units: set[str], stat: os.stat_result | None = None) -> SkippedPlan | None:
        """The plan, as the cache knows it, when the cache knows it mentions none of `units`
        (it is then not read); None when it may mention one, or the cache cannot tell."""
        path = self.plan_path(plan_id)
        try:
            stat = stat or path.stat()
        except OSError:
            return None
        if not self.cache.mentions_none(path.name, stat, units):
            return None
        summary = self.cache.summary(path.name, stat)
        mentions = self.cache.mentions(path.name, stat)
        if summary is None or mentions is None:
            return None
        self._note_naming(plan_id, path)
        return SkippedPlan(plan_id, path, summary[0], summary[1], mentions)

    def _unknown_in(self, skipped: SkippedPlan) -> set[str]:
        names = self.registry.names
        return {name for name, _ in skipped.mentions if name not in names}

    def load(self, plan_ids: list[str] | tuple[str, ...] | None = None,
             progress: Callable[[int, int], None] | None = None,
             involving: set[str] | None = None) -> LoadResult:
        """Load the named plans (all when none are named), newest first.

        A broken file is reported in `errors` and does not stop the others; an unknown
        plan id the user typed is an error for the whole command. With `involving` (unit
        spellings), plans the cache knows do not mention any of them are not read at all.
        """
        ids = list(plan_ids) if plan_ids else self.plan_ids()
        for plan_id in ids:
            self.plan_path(plan_id)
        result = LoadResult()
        self.registry  # noqa: B018 - read once before the loop; its errors stop everything
        self._prefetch([i for i in ids if i not in self._plans], involving)
        for done, plan_id in enumerate(ids, start=1):
            try:
                if plan_id not in self._plans:
                    skipped = self._skipped(plan_id, involving) if involving is not None else None
                    if skipped is not None:
                        result.skipped.append(skipped)
                        result.unknown_in_skipped |= self._unknown_in(skipped)
                        if progress is not None:
                            progress(done, len(ids))
                        continue
                    self._plans[plan_id] = self._read_plan(plan_id)
                result.plans.append(self._plans[plan_id])
            except UnknownPlanError:
                raise
            except QplanError as exc:
                result.errors.append(exc)
            if progress is not None:
                progress(done, len(ids))
        if not plan_ids:
            self.cache.forget_missing({p.name for p in self.plan_files().values()} | {REGISTRY_FILE})
        self.cache.save()
        from qplan.model import newest_first

        result.plans = newest_first(result.plans)
        self._note_copies([(plan.file, plan.title, _iso(plan.document.date)) for plan in result.plans],
                          result.skipped)
        result.notes = list(self.notes)
        return result

    def load_digests(self, plan_ids: list[str] | tuple[str, ...] | None = None,
                     involving: set[str] | None = None) -> DigestLoad | None:
        """As `load`, with each plan's digest (qplan.digest) instead of the plan, newest first;
        None unless every plan to be read has a digest in the cache, made under the registry as
        it is now (the caller then loads the plans, and keeps their digests)."""
        from qplan.digest import Digest, newest_first, registry_key

        ids = list(plan_ids) if plan_ids else self.plan_ids()
        for plan_id in ids:
            self.plan_path(plan_id)
        key = registry_key(self.registry)
        digests: list[Digest] = []
        skipped: list[SkippedPlan] = []
        unknown: set[str] = set()
        for plan_id in ids:
            path = self.plan_path(plan_id)
            try:
                # One status for everything below: anything but a regular file (a folder, a pipe,
                # a broken link) is left to `load`, which says what it is.
                status = path.stat()
                if not stat_module.S_ISREG(status.st_mode):
                    return None
                passed = self._skipped(plan_id, involving, status) if involving is not None else None
                if passed is not None:
                    skipped.append(passed)
                    unknown |= self._unknown_in(passed)
                    continue
                self._reading(plan_id, regular=True)
                span = self.cache.digest(path.name, status, key)
                if span is None:
                    return None
                digests.append(Digest(plan_id, path, span))
            except (OSError, QplanError, ValueError, KeyError, TypeError):
                return None
        digests = newest_first(digests)
        self._note_copies([(digest.file, digest.title, digest.date) for digest in digests], skipped)
        return DigestLoad(digests, skipped, unknown, list(self.notes))

    def keep_digests(self, plans: list[Plan]) -> None:
        """Keep the plans' digests in the cache, for the next `load_digests`."""
        from qplan.digest import make_digest, registry_key

        if not self.cache.enabled:
            return
        key = registry_key(self.registry)
        for plan in plans:
            path = self.plan_path(plan.id)
            try:
                stat = path.stat()
            except OSError:
                continue
            if self.cache.digest(path.name, stat, key) is None:
                self.cache.put_digest(path.name, stat, key, make_digest(plan, self.registry))
        self.cache.save()

    def _note_copies(self, plans: list[tuple[Path | None, str, str | None]], skipped: list[SkippedPlan]) -> None:
        """(file, title, ISO date) of each plan read, newest first, and the plans skipped: a
        query reads the same plans whether the cache is warm or cold, and says the same."""
        searched = [((date or NO_DATE, file.stem if file else ""), (file, title, date)) for file, title, date in plans]
        searched += [(plan.sort_key, (plan.file, plan.title, plan.date)) for plan in skipped]
        seen: dict[tuple[str, object], Path | None] = {}
        for _, (file, title, date) in sorted(searched, key=lambda pair: pair[0]):
            key = (title, date)
            if key in seen:
                self.note(f"{file} 与 {seen[key]} 的标题和日期相同，可能是副本；同一条目会被重复计算。"
                          "请删除多余的文件，或把它移出计划文件夹。")
            else:
                seen[key] = file

    def leftover_temp_files(self) -> list[Path]:
        """Temp files of writes that were killed (never read as plans)."""
        import time

        self.plan_files()
        found = []
        for path in self._leftovers:
            try:
                age = time.time() - path.stat().st_mtime
            except OSError:
                continue
            # A younger one may belong to a write in progress right now.
            if age > LEFTOVER_SECONDS:
                found.append(path)
        return found

    def _note_folder_leftovers(self) -> None:
        for path in self.leftover_temp_files():
            self.note(f"{path} {LEFTOVER_NOTE}")


FOLDER_LIKE_A_PLAN = ("这是一个文件夹，名字却像计划文件，不能作为计划读取，其中的内容不会出现在任何结果中。"
                      "请给它改名（去掉 .yaml），或把它移出计划文件夹。")


def check_plan_entry(path: Path) -> None:
    """A folder or a pipe named like a plan is said to be one, with what to do about it in a
    plans folder (a plain read would say only what it is). Links are left to the read, which
    says where a broken or looping one points."""
    try:
        status = path.lstat()
    except OSError:
        return
    if stat_module.S_ISDIR(status.st_mode):
        raise FileReadError(FOLDER_LIKE_A_PLAN, file=path)
    if not (stat_module.S_ISREG(status.st_mode) or stat_module.S_ISLNK(status.st_mode)):
        from qplan.yamlio import kind_of

        raise FileReadError(f"这是{kind_of(status.st_mode)}，不是普通文件，名字却像计划文件；qplan 不读取它。"
                            "请把它移出计划文件夹。", file=path)


def _unreadable_folder(root: Path, exc: OSError) -> WorkspaceError:
    from qplan.yamlio import os_reason

    return WorkspaceError(f"无法读取计划文件夹“{root}”（{os_reason(exc)}）。请检查该文件夹的权限："
                          "qplan 需要列出其中的文件（读取权限）并打开它们（进入权限，即 x），例如 chmod u+rx。")


def _not_a_plan(path: Path, found: dict[str, Path]) -> str | None:
    """Why an entry named almost like a plan is not read as one, or None."""
    if path.name == "units.yml":
        return "单位登记表须命名为 units.yaml，units.yml 不会被读取。请把它改名为 units.yaml。"
    if path.suffix not in PLAN_SUFFIXES:
        if path.suffix.lower() in PLAN_SUFFIXES:
            return (f"后缀是大写的“{path.suffix}”：qplan 只把后缀为小写 .yaml 或 .yml 的文件当作计划读取，"
                    f"这个文件没有读取。请把它改名为 {path.stem}.yaml。")
        return None
    if path.stem in found:
        return (f"与 {found[path.stem].name} 的计划编号相同（都是“{path.stem}”），只读取了 {found[path.stem].name}，"
                "这个文件没有读取。请删去多余的一个，或给它换一个计划编号。")
    return None


def _path_order(path: Path) -> str:
    return path.name.lower() if os.name == "nt" else path.name


def _iso(date: Any) -> str | None:
    return date.isoformat() if date is not None else None


def searched_mentions(read: list[tuple[tuple[str, str], Any]], skipped: list[SkippedPlan],
                      names: dict[str, str]) -> Iterator[tuple[str, int]]:
    """The unit names items list, (canonical name, times) in the order a query that read every
    plan would meet them: `read` holds (sort key, that plan's mentions) of each plan read; a
    skipped plan's come from the cache."""
    searched = read + [(plan.sort_key, ((names.get(name, name), times) for name, times in plan.mentions if times))
                       for plan in skipped]
    for _, mentions in sorted(searched, key=lambda pair: pair[0], reverse=True):
        yield from mentions


def _registry_from_file(doc: Any, path: Path) -> Registry:
    # The schema checks (qplan.planfile) are imported only when the file is parsed.
    from qplan.planfile import registry_from_doc

    return registry_from_doc(doc, path)


def stat_key(stat: os.stat_result) -> tuple[int, int, int]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent stops the pool and
    # says 已取消 once; workers printing their own tracebacks would bury that.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def parse_clean_plan(path: Path) -> tuple[tuple[int, int, int], Any, bytes] | None:
    """Worker for parallel first reads: the parsed document if it passes the schema, else None
    (the main process then reads the file itself, to report its problems with line numbers)."""
    from qplan.planfile import schema_problems

    try:
        data, stat = read_file(path)
        doc = parse_yaml_fast(decode_text(data, path), path)
    except (OSError, QplanError):
        return None
    if any(p.level == "error" for p in schema_problems(doc, path, path.stem)):
        return None
    # The bytes travel back only where the cache needs them: to check a racily new file.
    return stat_key(stat), doc, b"" if settled(stat) else data


def unknown_units(plans: list[Plan], registry: Registry) -> list[tuple[Plan, Item, str]]:
    found = []
    for plan in plans:
        for item in plan.items:
            for name in item.units:
                if name not in registry.units:
                    found.append((plan, item, name))
        for wide in plan.plan_wide:
            reached = [item for item in plan.items if wide.applies_to(item)]
            if wide.unit not in registry.units and reached:
                found.append((plan, reached[0], wide.unit))
    return found
