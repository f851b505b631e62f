"""What present writes, in Chinese: every sentence translated with its placeholders, lines that fit
80 terminal cells (a CJK character takes two) with their columns aligned, and JSON and CSV that do
not change with the language."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console, Group
from rich.text import Text
from typer.testing import Result

from actcli import i18n
from actcli.analysis.properties import OWN_LOGIT
from actcli.catalogue import RECORDS
from actcli.present import terminal
from actcli.recommend.rules import RULES
from tests.conftest import ROOT, invoke

PRESENT = ROOT / "actcli" / "present"
CATALOGUE = ROOT / "actcli" / "locale" / "zh" / "present.json"
GLOSSARY = ROOT / "actcli" / "locale" / "glossary.json"
#: text that lives as data and is translated where present shows it (its Chinese is in data.json)
DATA_SHOWN = {OWN_LOGIT, "mpmath for float64 (40+ digits), actcli's float64 for the rest",
              "actcli's float64 values (exact for this piecewise-linear function)"}

#: the commands the issue names, each at 80 columns in Chinese
COMMANDS = {
    "list": ("list",),
    "derive": ("derive", "relu"),
    "derive-vector": ("derive", "softmax"),
    "derive-sparse": ("derive", "sparsemax"),
    "derive-gated": ("derive", "swiglu"),
    "compare": ("compare", "relu", "tanh", "--no-timing"),
    "compare-many": ("compare", "sigmoid", "tanh", "relu", "gelu", "--no-timing", "--no-simulate"),
    "recommend": ("recommend", "--task", "binary"),
    "recommend-current": ("recommend", "--task", "binary", "--current", "sigmoid"),
    "recommend-symptom": ("recommend", "--task", "multiclass", "--symptom", "dead-neurons"),
    "explain-sources": ("recommend", "--explain", "hidden-avoid-sigmoid"),
    "list-framework": ("list", "--framework", "jax"),
    "compare-expression": ("compare", "relu", "x*tanh(softplus(x))", "--no-timing", "--no-simulate"),
    "rules": ("recommend", "--rules"),
    "explain": ("recommend", "--explain", "hidden-relu-default"),
    "simulate": ("simulate", "relu"),
    "simulate-vanishing": ("simulate", "sigmoid", "--depth", "20"),
    "precision": ("precision", "sigmoid"),
    "train": ("train", "relu", "tanh", "--data", "xor", "--epochs", "5", "--seeds", "2", "--no-timing"),
}


def _msgids() -> Iterator[tuple[str, str, int]]:
    """Every literal passed to _(), N_() or ngettext() in present/ (ngettext: its singular, the key
    of Chinese's one form)."""
    for path in sorted(PRESENT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id in ("_", "N_", "ngettext") and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield arg.value, path.name, node.lineno


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{(\w*)[^{}]*\}", text))


def _zh() -> dict[str, str]:
    return dict(json.loads(CATALOGUE.read_text(encoding="utf-8")))


def test_every_sentence_of_present_has_its_chinese_with_the_same_placeholders() -> None:
    zh = _zh()
    ids = list(_msgids())
    assert len(ids) > 250  # the scan found present's text
    missing = sorted({f"{name}:{line}: {msgid!r}" for msgid, name, line in ids if msgid not in zh})
    assert not missing, "\n".join(missing)
    for msgid, name, line in ids:
        if msgid.startswith("{") and msgid.endswith("}") and not msgid.strip("{}").isidentifier():
            continue
        assert _placeholders(zh[msgid]) == _placeholders(msgid), f"{name}:{line}: {msgid!r} → {zh[msgid]!r}"


def test_ngettext_keeps_the_placeholders_of_both_forms() -> None:
    for path in sorted(PRESENT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "ngettext":
                one, many = (str(a.value) for a in node.args[:2] if isinstance(a, ast.Constant))
                assert _placeholders(one) == _placeholders(many), (path.name, node.lineno)


def test_the_catalogue_holds_nothing_present_does_not_use() -> None:
    used = {msgid for msgid, _, _ in _msgids()} | DATA_SHOWN
    assert sorted(set(_zh()) - used) == []


def test_translations_use_the_glossary_terms() -> None:
    """A Chinese sentence names a concept as the glossary does (an English term, as a whole word,
    means its Chinese term is there). Negated words and the local extrema its notes allow are the
    exceptions, listed here."""
    terms = json.loads(GLOSSARY.read_text(encoding="utf-8"))["terms"]
    allowed = {  # English term → Chinese also right in context (from the glossary's notes or a negation)
        "minimum": ("极小值",), "maximum": ("极大值",), "proved": ("未证明",), "verified": ("未通过验证",),
        "activation": ("激活值",), "seed": ("原始教程",),  # "the seed tutorial", not a random seed
    }
    problems = []
    for en, zh in _zh().items():
        words = re.sub(r"\{\w*\}", " ", en)  # placeholders are not words
        for term in terms:
            if re.search(rf"(?<![\w-]){re.escape(term['en'])}(?![\w-])", words):
                if term["zh"] not in zh and not any(a in zh for a in allowed.get(term["en"], ())):
                    problems.append(f"{en!r}: {term['en']} → {term['zh']}, not in {zh!r}")
    assert not problems, "\n".join(problems)


def test_chinese_prose_uses_full_width_punctuation() -> None:
    """Between Chinese characters, commas, colons, semicolons and brackets are full width; ASCII
    stays inside formulas and numbers."""
    cjk = r"[\u4e00-\u9fff]"
    for en, zh in _zh().items():
        assert not re.search(rf"{cjk}[,;:]|[,;:] ?{cjk}", zh.replace("Heaviside(0) = ½, sign(0)", "")), (en, zh)
        assert not re.search(rf"{cjk}\(|\){cjk}", zh), (en, zh)


# --- the commands in Chinese ------------------------------------------------------------------------


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Chinese, with every text that lives as data given a stand-in translation: on this branch its
    real Chinese may not exist yet, and what is left in English must then be present's."""
    data = [*(r.summary for r in RECORDS), *(r.fragile for r in RECORDS if r.fragile),
            *(r.cost for r in RECORDS if isinstance(r.cost, str))]
    for rule in RULES:
        data += [t for t in (rule.title, rule.why, rule.init, rule.loss, rule.also) if t]
    stand_in = {text: "（数据译文）" for text in data if text not in i18n.catalogue("zh")}
    monkeypatch.setitem(i18n._catalogues, "zh", {**i18n.catalogue("zh"), **stand_in})
    yield


def _run(*args: str, lang: str = "zh") -> Result:
    result = invoke(*args, env={"ACTCLI_LANG": lang, "COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    return {}


def _output(outputs: dict[str, str], name: str) -> str:
    if name not in outputs:
        outputs[name] = _run(*COMMANDS[name]).stdout
    return outputs[name]


def _cells(line: str) -> list[str]:
    """A line as terminal cells: a wide character fills its cell and the next ("")."""
    out: list[str] = []
    for ch in line:
        out.append(ch)
        if cell_len(ch) == 2:
            out.append("")
    return out


@pytest.mark.parametrize("name", list(COMMANDS))
def test_chinese_lines_fit_80_cells(chinese: None, outputs: dict[str, str], name: str) -> None:
    out = _output(outputs, name)
    assert re.search(r"[\u4e00-\u9fff]", out), "no Chinese in the output"
    for line in out.splitlines():
        assert cell_len(line) <= 80, f"{cell_len(line)} cells: {line}"
        assert line == line.rstrip()


def _segments(line: str) -> list[tuple[int, int]]:
    """The cells (first, last) of each run of text in ``line`` set apart by two spaces or more."""
    cells = _cells(line)
    text = "".join(c if c else "\0" for c in cells)  # one character per cell
    return [(m.start(), m.end() - 1) for m in re.finditer(r"\S+(?: \S+)*", text)]


def _table_rows(out: str) -> Iterator[tuple[str, list[str]]]:
    """Each table of ``out``: its head line and the lines under its rule up to a blank line."""
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.strip() and set(line.strip()) == {"─"} and i > 0:
            body = []
            for row in lines[i + 1:]:
                if not row.strip():
                    break
                body.append(row)
            yield lines[i - 1], body


@pytest.mark.parametrize("name", ["list", "simulate", "simulate-vanishing", "recommend", "train", "derive",
                                  "derive-gated"])
def test_chinese_table_columns_align(chinese: None, outputs: dict[str, str], name: str) -> None:
    """Every row's cells start (left-justified) or end (right-justified) in the terminal cell where
    their column's head does: wide characters are counted as two cells wherever widths are computed."""
    tables = list(_table_rows(_output(outputs, name)))
    assert tables
    checked = 0
    for head, body in tables:
        columns = _segments(head)
        for row in body:
            cells = _segments(row)
            if len(cells) != len(columns):  # a wrapped line, a caption or the line after the table
                continue
            for (h0, h1), (c0, c1) in zip(columns, cells):
                assert c0 == h0 or c1 == h1, f"{row!r} is not under {head!r}"
            checked += 1
    assert checked >= 2


def test_precision_table_columns_align_in_chinese(chinese: None, outputs: dict[str, str]) -> None:
    """precision's own table (padded by present, not by rich): the ULP column ends where its head ends."""
    out = _output(outputs, "precision")
    lines = out.splitlines()
    heads = [line for line in lines if "最大 ULP" in line and "形式" in line]
    assert heads
    end = len(_cells(heads[0].split("最大 ULP")[0] + "最大 ULP"))
    rows = [line for line in lines if re.match(r"  f′?\s+(actcli|教科书写法|torch) ", line)]
    assert rows
    for row in rows:
        cells = _cells(row)
        assert cells[end - 1] != " " and (len(cells) == end or cells[end] == " "), row


def test_compare_cells_start_under_their_heads(chinese: None, outputs: dict[str, str]) -> None:
    out = _output(outputs, "compare")
    head = out.splitlines()[0]
    cells = _cells(head)
    starts = [i for i, c in enumerate(cells) if c not in (" ", "") and (i == 0 or cells[i - 1] == " ")]
    assert len(starts) == 3  # 准则, relu, tanh
    for line in out.splitlines()[2:]:
        row = _cells(line)
        for s in starts[1:]:
            assert s >= len(row) or row[s - 1] == " ", line


#: words that may stand in Chinese text as they are: names, units, code, and the maths
KEPT = re.compile(r"Ridders-Richardson|Fenchel–Young|Tsallis|PyTorch autograd|SymPy|He \(Kaiming\)|"
                  r"Xavier \(Glorot\)|one-hot|torch\.[\w.]+|--[\w-]+|'actcli [^']*'|"
                  r"[A-Z][\w-]+ et al\.?")  # an author cited inline, as published


@pytest.mark.parametrize("name", list(COMMANDS))
def test_chinese_output_has_no_english_sentence(chinese: None, outputs: dict[str, str], name: str) -> None:
    """Three English words in a row are a sentence left untranslated (names, formulas and flags are
    one word or carry symbols; citations, which stay as published, are left out)."""
    zh = i18n.catalogue("zh")
    sources = [text for rule in RULES for src in rule.source for text in (src, zh.get(src, src))]
    for line in _output(outputs, name).splitlines():
        bare = line.strip().removeprefix("- ")
        if bare and any(bare in src for src in sources):  # a source: its titles stay as published
            continue
        text = KEPT.sub(" ", line)
        hit = re.search(r"(?<![\w.])[A-Za-z][a-z]{1,}(?: [A-Za-z][a-z]{1,}){2,}(?![\w(])", text)
        assert hit is None, f"English in {line!r}"


# --- data stays data ----------------------------------------------------------------------------------

JSON_COMMANDS = [
    ("list", "--json"),
    ("derive", "relu", "--json"),
    ("derive", "softmax", "--json"),
    ("derive", "swiglu", "--json"),
    ("compare", "relu", "tanh", "--no-timing", "--json"),
    ("recommend", "--task", "binary", "--current", "sigmoid", "--depth", "20", "--json"),
    ("simulate", "relu", "--json"),
    ("precision", "sigmoid", "--json"),
    ("train", "relu", "--data", "xor", "--epochs", "3", "--no-timing", "--json"),
]


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_json_is_the_same_in_every_language(args: tuple[str, ...]) -> None:
    zh, en = _run(*args, lang="zh").stdout, _run(*args, lang="en").stdout
    if args[0] == "train":  # seconds per run are measured, the one number that differs between runs
        zh, en = (re.sub(r'"seconds": (\{[^}]*\}|[0-9.e+-]+)', '"seconds": 0', out) for out in (zh, en))
    assert zh == en


def test_csv_is_the_same_in_every_language() -> None:
    args = ("compare", "relu", "tanh", "--no-timing", "--format", "csv")
    zh, en = _run(*args, lang="zh").stdout, _run(*args, lang="en").stdout
    assert zh == en and "criterion" in en


def test_markdown_follows_the_language() -> None:
    args = ("compare", "relu", "tanh", "--no-timing", "--no-simulate", "--format", "markdown")
    assert "| 标准 | 性质 |" in _run(*args, lang="zh").stdout
    assert "| criterion | property |" in _run(*args, lang="en").stdout


# --- line breaking --------------------------------------------------------------------------------------


def test_chinese_breaks_between_characters_but_not_before_closing_punctuation() -> None:
    text = "梯度（rms dZ）——稳定：第 1 层 ÷ 最后一层 = 9.93e−01，在 1/100 到 100 之间。"
    for width in range(12, 60):
        console = Console(width=width, color_system=None, record=True)
        console.print(Group(terminal.Prose(text)))  # as the commands print (print() would join Texts)
        lines = console.export_text().splitlines()
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for line in lines:
            assert cell_len(line) <= width
            assert line[:1] not in "，。：）"
            assert line[-1:] != "（"
        for line, after in zip(lines, lines[1:]):  # a line ends only where the next piece would not fit
            first = terminal._pieces(after)[0].rstrip()
            gap = 1 if f"{line} {first}" in text else 0  # the space between them, when there is one
            assert cell_len(line) + gap + cell_len(first) > width, (line, after)


def test_english_text_wraps_as_before() -> None:
    text = "Var A spread ×1.09, rms dZ spread ×1.16; dead units 5.7%, saturated 0.0% (sat.: |g′| < 1% of sup |g′|)."
    for width in (20, 33, 80):
        a = Console(width=width, color_system=None, record=True)
        b = Console(width=width, color_system=None, record=True)
        a.print(Group(terminal.Prose(text)))
        b.print(Group(Text(text)))
        assert a.export_text() == b.export_text()


def test_the_catalogue_is_valid_json_read_by_i18n() -> None:
    merged = i18n.catalogue("zh")
    for key, value in _zh().items():
        assert merged[key] == value
    assert Path(CATALOGUE).read_text(encoding="utf-8").endswith("\n")


def test_english_for_data_restores_the_language_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    from actcli.present import words

    monkeypatch.setenv("ACTCLI_LANG", "zh")
    for chosen in (None, "zh"):
        i18n.set_language(chosen)
        with words.english():
            assert i18n.language() == "en" and words.yes(True) == "yes"
        assert i18n.language() == "zh" and words.yes(True) == "是"
        monkeypatch.setenv("ACTCLI_LANG", "en")  # still the environment's choice when none was made
        assert i18n.language() == ("zh" if chosen else "en")
        monkeypatch.setenv("ACTCLI_LANG", "zh")
    i18n.set_language(None)


def test_a_custom_expressions_cost_is_marked_for_the_catalogue() -> None:
    """compare shows a record's cost translated; an expression's record states one cost, which
    present marks (words.CUSTOM_COST) so that present.json holds its Chinese."""
    from actcli import api
    from actcli.present import words

    assert api.get("x*tanh(softplus(x))").record.cost == words.CUSTOM_COST
    assert re.search(r"[\u4e00-\u9fff]", _zh()[words.CUSTOM_COST])
