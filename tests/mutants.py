"""Damaged and hostile versions of real inputs, made by a seeded mutator: the fuzz test's supply.

Each function takes a ``random.Random`` and real bytes (a tracker, a plan JSON,
a plan file) and returns a damaged copy with a name saying what was done, the
way files arrive damaged: cut short, bytes flipped or zeroed, a part of a
workbook rewritten by another program, values no plan holds (numbers too big
for SQLite, half a surrogate pair, nesting a hundred thousand deep), a plan file
edited by hand in an SQLite tool.
"""

from __future__ import annotations

import io
import json
import random
import re
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

Mutant = tuple[str, bytes]


# ----------------------------------------------------------------- any bytes


def damage_bytes(rng: random.Random, data: bytes) -> Mutant:
    """What a bad copy, disk or download does to a file."""
    size = len(data)
    at = rng.randrange(size)
    span = rng.randint(1, max(1, min(4096, size - at)))
    kind = rng.choice(["cut", "flip", "zero", "ff", "delete", "duplicate", "insert"])
    if kind == "cut":
        return f"cut at {at}", data[:at]
    if kind == "flip":
        changed = bytearray(data)
        for _ in range(rng.randint(1, 16)):
            spot = rng.randrange(size)
            changed[spot] ^= 1 << rng.randrange(8)
        return "bits flipped", bytes(changed)
    if kind in ("zero", "ff"):
        fill = b"\x00" if kind == "zero" else b"\xff"
        return f"{kind} {span} at {at}", data[:at] + fill * span + data[at + span :]
    if kind == "delete":
        return f"{span} deleted at {at}", data[:at] + data[at + span :]
    if kind == "duplicate":
        return f"{span} doubled at {at}", data[: at + span] + data[at : at + span] + data[
            at + span :
        ]
    noise = bytes(rng.randrange(256) for _ in range(span))
    return f"{span} inserted at {at}", data[:at] + noise + data[at:]


# ----------------------------------------------------------------- workbooks

_HOSTILE_TEXT = [
    "&#xD800;",  # half a surrogate pair, as a character reference
    "&#x1;&#x7;",  # control characters XML 1.0 forbids
    "=HYPERLINK(&quot;http://x&quot;)",
    "x" * 40_000,  # longer than a cell holds
    "PURPLE",
    "99999999999999999999999",
    "",
]


def damage_workbook(rng: random.Random, data: bytes) -> Mutant:
    """Rewrite one part of an .xlsx as a careless program would, or damage its zip."""
    if rng.random() < 0.25:
        name, damaged = damage_bytes(rng, data)
        return f"zip: {name}", damaged
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    xml_parts = [n for n in parts if n.endswith(".xml") or n.endswith(".rels")]
    part = rng.choice(
        [n for n in xml_parts if "worksheets" in n or "sharedStrings" in n] * 3 + xml_parts
    )
    text = parts[part].decode("utf-8", errors="replace")
    how, text = _rewrite_xml(rng, text)
    if how == "part removed":
        del parts[part]
    else:
        parts[part] = text.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return f"{part}: {how}", out.getvalue()


def _rewrite_xml(rng: random.Random, text: str) -> tuple[str, str]:
    kind = rng.choice(
        ["number", "number", "text", "tag", "row", "dimension", "type", "cut", "part"]
    )
    if kind == "number":
        numbers = list(re.finditer(r"(?<=[\">])\d+(?=[\"<])", text))
        if numbers:
            spot = rng.choice(numbers)
            new = rng.choice(["99999", "-1", "4294967296", "1" + "0" * 30, "0", "1e308"])
            return f"{spot.group()} became {new}", text[: spot.start()] + new + text[spot.end() :]
    if kind == "text":
        spots = list(re.finditer(r"<t(?: [^>]*)?>([^<]*)</t>", text))
        if spots:
            spot = rng.choice(spots)
            new = rng.choice(_HOSTILE_TEXT)
            return f"text became {new[:20]!r}", text[: spot.start(1)] + new + text[spot.end(1) :]
    if kind == "tag":
        tags = list(re.finditer(r"<[^/!?][^>]*>", text))
        if tags:
            spot = rng.choice(tags)
            return f"tag {spot.group()[:20]!r} removed", text[: spot.start()] + text[spot.end() :]
    if kind == "row":
        rows = list(re.finditer(r"<row [^>]*>.*?</row>", text, re.S))
        if rows:
            spot = rng.choice(rows)
            times = rng.choice([2, 50])
            return f"a row written {times} times", text[: spot.end()] + spot.group() * (
                times - 1
            ) + text[spot.end() :]
    if kind == "dimension" and "<dimension" in text:
        return "dimension huge", re.sub(
            r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', text
        )
    if kind == "type":
        cells = list(re.finditer(r'<c r="[A-Z]+\d+"', text))
        if cells:
            spot = rng.choice(cells)
            new = rng.choice(['t="s"', 't="e"', 't="b"', 't="d"', 't="n"'])
            return f"cell type {new}", text[: spot.end()] + f" {new}" + text[spot.end() :]
    if kind == "part":
        return "part removed", text
    at = rng.randrange(max(len(text), 1))
    return f"cut at {at}", text[:at]


# ----------------------------------------------------------------- plan JSON

_HOSTILE_VALUES: list[Callable[[random.Random], Any]] = [
    lambda rng: None,
    lambda rng: True,
    lambda rng: -1,
    lambda rng: 2**70,
    lambda rng: 1e308 * 10,  # infinity
    lambda rng: "",
    lambda rng: "\ud800 half a pair",
    lambda rng: "x" * rng.choice([1000, 100_000]),
    lambda rng: [],
    lambda rng: {},
    lambda rng: "PURPLE",
    lambda rng: "31/02/2024",
    lambda rng: "9999-99",
    lambda rng: "1..2",
    lambda rng: [[[[[[[["deep"]]]]]]]],
    lambda rng: "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(20)),
]


def damage_plan_json(rng: random.Random, data: bytes) -> Mutant:
    """A value no plan holds, a key lost or doubled, raw damage, or nesting past any depth."""
    roll = rng.random()
    if roll < 0.2:
        name, damaged = damage_bytes(rng, data)
        return f"bytes: {name}", damaged
    if roll < 0.25:
        depth = rng.choice([1000, 100_000])
        text = '{"plan": {"title": "Deep"}, "deliverables": ' + "[" * depth + "]" * depth + "}"
        return f"nested {depth} deep", text.encode()
    if roll < 0.3:
        digits = rng.choice([400, 5000])
        text = data.decode("utf-8").replace('"objective": 1', '"objective": ' + "7" * digits, 1)
        return f"an integer of {digits} digits", text.encode()
    document = json.loads(data)
    paths = list(_paths(document))
    path = rng.choice(paths)
    parent, key = _walk(document, path[:-1]), path[-1]
    action = rng.choice(["value", "value", "value", "delete", "double"])
    if action == "delete" and isinstance(parent, dict):
        del parent[key]
        how = f"{_name(path)} removed"
    elif action == "double" and isinstance(parent, list):
        parent.insert(key, json.loads(json.dumps(parent[key])))
        how = f"{_name(path)} doubled"
    else:
        value = rng.choice(_HOSTILE_VALUES)(rng)
        parent[key] = value
        how = f"{_name(path)} = {str(value)[:20]!r}"
    return how, json.dumps(document, ensure_ascii=True).encode("utf-8")


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Any:
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in items:
        yield (*prefix, key)
        if isinstance(child, dict | list) and child:
            yield from _paths(child, (*prefix, key))


def _walk(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


def _name(path: tuple[Any, ...]) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path).lstrip(".")


# ----------------------------------------------------------------- plan files

_FIRST = "where rowid = (select min(rowid) from {table})"
_FIRST_DELIVERABLE = _FIRST.format(table="deliverables")

#: What a hand edit in an SQLite tool, or another program, leaves in a plan file.
_SQL_DAMAGE = [
    (
        "an unknown RAG",
        f"update deliverables set rag = 'PURPLE' {_FIRST_DELIVERABLE}",
    ),
    (
        "undecodable text",
        "update deliverables set summary_position = cast(x'fffe41' as text) " + _FIRST_DELIVERABLE,
    ),
    (
        "a blob for text",
        f"update deliverables set commitment = x'00ff' {_FIRST_DELIVERABLE}",
    ),
    ("an empty plan table", "delete from plan"),
    ("no periods", "delete from periods"),
    ("a period that is no month", "update periods set key = '2024-13'"),
    (
        "a huge objective number",
        "update objectives set number = 9223372036854775807 " + _FIRST.format(table="objectives"),
    ),
    (
        "a ref that is no ref",
        f"update deliverables set ref = '∞' {_FIRST_DELIVERABLE}",
    ),
    ("the changes table gone", "drop table changes"),
    ("an unknown application", "update meta set value = 'someone-else' where key = 'application'"),
    ("a newer version", "pragma user_version = 999"),
    ("a null title", "update plan set title = null"),
]


def damage_plan_file(rng: random.Random, data: bytes, work: Path) -> Mutant:
    """Raw damage to a plan file, or a valid SQLite file holding what no plan holds."""
    if rng.random() < 0.5:
        name, damaged = damage_bytes(rng, data)
        return f"bytes: {name}", damaged
    path = work / "edited.nhp"
    path.write_bytes(data)
    how, sql = rng.choice(_SQL_DAMAGE)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute(sql)
        conn.commit()
        conn.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.DatabaseError as error:  # a schema the statement does not fit
        how = f"{how} (not applied: {error})"
    finally:
        conn.close()
    damaged = path.read_bytes()
    path.unlink()
    return f"sql: {how}", damaged
