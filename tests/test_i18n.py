"""The language actcli writes in, chosen as gettext would choose it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from actcli import i18n
from actcli.cli.app import COMMANDS
from actcli.cli.translate import width
from tests.conftest import ACTCLI, invoke, run_actcli
from tests.i18n_scan import definitions, error_templates, msgids, python_files, unmarked_prose


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for variable in ("ACTCLI_LANG", *i18n.LOCALE_VARIABLES):
        monkeypatch.delenv(variable, raising=False)
    i18n.set_language(None)
    yield
    i18n.set_language(None)  # the next test file in this worker reads English again


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "en_GB", "LANG": "zh_CN"}, "en"),
        ({"LANGUAGE": "fr:zh_CN:en", "LANG": "en_US"}, "zh"),  # the first entry actcli knows
        ({"LANGUAGE": "fr", "LANG": "zh_CN"}, "en"),  # gettext stops at the first variable set
        ({"ACTCLI_LANG": "zh", "LANG": "en_US"}, "zh"),
        ({"ACTCLI_LANG": "en", "LANG": "zh_CN"}, "en"),
    ],
)
def test_language_follows_gettexts_order(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert i18n.language() == expected


def test_an_explicit_choice_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTCLI_LANG", "en")
    i18n.set_language("zh")
    assert i18n.language() == "zh"
    with pytest.raises(ValueError, match="unknown language"):
        i18n.set_language("klingon")


def test_english_is_the_key_and_the_fallback() -> None:
    i18n.set_language("en")
    assert i18n._("no such text") == "no such text"
    i18n.set_language("zh")
    assert i18n._("a text no catalogue holds") == "a text no catalogue holds"
    assert i18n.ngettext("{n} kink", "{n} kinks", 2) in ("{n} kinks", i18n.catalogue("zh").get("{n} kink"))


# --- the catalogue and its templates ------------------------------------------------------------

def test_a_finished_message_is_translated_by_its_template() -> None:
    i18n.set_language("zh")
    assert i18n.reword("unknown activation 'nope'") == "未知的激活函数 'nope'"
    # a value that is a sentence itself is translated in turn
    assert i18n.reword("did you mean 'identity'? run 'actcli list' for all names") == \
        "你是不是想输入 'identity'？运行 'actcli list' 查看全部名称"
    assert i18n.reword("no template has this text") == "no template has this text"
    i18n.set_language("en")
    assert i18n.reword("unknown activation 'nope'") == "unknown activation 'nope'"


@pytest.mark.parametrize(("english", "chinese"), [
    # the name a choice is checked under is Chinese too, whatever the choice
    ("unknown task 'foo'", "未知的任务 'foo'"), ("unknown format 'xml'", "未知的格式 'xml'"),
    ("unknown init 'x'", "未知的初始化方案 'x'"), ("unknown optimizer 'x'", "未知的优化器 'x'"),
    ("unknown symptom 'x'", "未知的症状 'x'"), ("unknown architecture 'x'", "未知的架构 'x'"),
    ("unknown layer 'x'", "未知的层 'x'"), ("task is required", "必须给出任务"),
    # a list of choices is 可选, a parameter's interval 有效范围, whatever its brackets
    ("valid: binary, multiclass", "可选：binary, multiclass"),
    ("did you mean 'json'? valid: table, json", "你是不是想输入 'json'？可选：table, json"),
    ("valid: (0, 1)", "有效范围：(0, 1)"), ("valid: [0, ∞)", "有效范围：[0, ∞)"),
    ("valid: (-1, 0]", "有效范围：(-1, 0]"), ("valid: [0.5, 2]", "有效范围：[0.5, 2]"),
    # the frameworks' hint is one template, alone or after a did-you-mean
    ("one of torch, jax", "可选：torch, jax"),
    ("did you mean 'jax'? one of torch, jax, keras", "你是不是想输入 'jax'？可选：torch, jax, keras"),
])
def test_a_hint_is_translated_whole(english: str, chinese: str) -> None:
    i18n.set_language("zh")
    try:
        assert i18n.reword(english) == chinese
    finally:
        i18n.set_language(None)


def test_placeholders_are_found_with_conversions_and_specs() -> None:
    assert i18n.placeholders("{name!r} has {count:,} kinks, {{literal}}") == {"name", "count"}


def test_english_reads_no_catalogue() -> None:
    """English output costs nothing: no catalogue file is opened, no template compiled."""
    code = ("import sys; from actcli.cli import run; from actcli import i18n; code = run(['recommend', '--task', "
            "'binary']); run(['derive', 'nope']); sys.stderr.write(repr(sorted(i18n._catalogues)) + '\\n')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False,
                          env={**_CLEAN_ENV, "LANG": "en_US.UTF-8"})
    assert proc.stderr.splitlines()[-1] == "[]", proc.stderr


# --- --lang ---------------------------------------------------------------------------------------

_CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("ACTCLI_LANG", *i18n.LOCALE_VARIABLES)}


def _actcli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_actcli(*args, env={"COLUMNS": "80", "NO_COLOR": "1", **env})


@pytest.mark.parametrize("args", [["--lang", "zh", "derive", "--help"], ["derive", "--help", "--lang", "zh"],
                                  ["derive", "--lang=zh", "--help"], ["--lang", "zh_CN.UTF-8", "derive", "-h"]])
def test_lang_before_or_after_the_command(args: list[str]) -> None:
    proc = subprocess.run([ACTCLI, *args], capture_output=True, text=True, timeout=120, check=False,
                          env={**_CLEAN_ENV, "COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("用法：actcli derive"), proc.stdout
    assert "显示此帮助信息并退出。" in proc.stdout and "选项：" in proc.stdout and "参数：" in proc.stdout


def test_the_environment_chooses_when_lang_is_not_given() -> None:
    assert "用法：" in _actcli("--help", ACTCLI_LANG="zh").stdout
    assert "用法：" in _actcli("--help", LANG="zh_CN.UTF-8", ACTCLI_LANG="").stdout
    assert _actcli("--help", ACTCLI_LANG="zh", LANG="zh_CN.UTF-8").stdout == \
        _actcli("--lang", "zh", "--help", ACTCLI_LANG="en").stdout
    assert _actcli("--lang", "en", "--help", ACTCLI_LANG="zh").stdout.startswith("Usage: actcli")


@pytest.mark.parametrize(("args", "needle"), [(["--lang", "xx", "derive", "relu"], "'xx'"),
                                              (["derive", "relu", "--lang"], "--lang"),
                                              (["--lang=klingon", "list"], "'klingon'")])
def test_an_unknown_language_is_one_error_line(args: list[str], needle: str) -> None:
    proc = _actcli(*args)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: --lang ") and needle in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_that_cannot_show_chinese_gets_english(encoding: str) -> None:
    proc = subprocess.run([ACTCLI, "--lang", "zh", "derive", "nope"], capture_output=True, timeout=120, check=False,
                          env={**_CLEAN_ENV, "PYTHONIOENCODING": encoding})
    assert proc.returncode == 2
    assert proc.stderr.decode(encoding).startswith("Error: unknown activation 'nope'")


def test_lang_given_to_the_app_in_process() -> None:
    result = invoke("--lang", "zh", "recommend", "--task", "nope")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：--task：未知的任务 'nope'"), result.stderr


@pytest.mark.parametrize(("words", "expected"), [("actcli --lang zh der", ["derive"]),
                                                ("actcli --lang zh derive leaky", ["leaky_relu", "leakyrelu"]),
                                                ("actcli --la", ["--lang"])])
def test_the_console_script_completes_with_lang(words: str, expected: list[str]) -> None:
    env = {"_ACTCLI_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    proc = _actcli(**env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == expected


# --- help pages at 80 columns ------------------------------------------------------------------

@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_chinese_and_fits_80_columns(command: str | None) -> None:
    args = ["--lang", "zh", *([command] if command else []), "--help"]
    proc = _actcli(*args)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("用法：")
    too_wide = [line for line in lines if width(line) > 80]
    assert not too_wide, too_wide
    # no English sentence is left: only option names, metavars, codes and formulas
    for line in lines:
        assert not english_left(line), line


def test_wide_text_wraps_by_columns_and_keeps_brackets_with_their_text() -> None:
    from actcli.cli.translate import _wrap_text

    text = "激活函数的名称或别名，参数写作 NAME:key=value（如 leaky_relu:negative_slope=0.2；见 'actcli list'）。" * 3
    lines = _wrap_text(text, 40, "  ", "  ").splitlines()
    assert all(width(line) <= 40 for line in lines), lines
    assert not any(line.rstrip().endswith("（") for line in lines)
    assert not any(line.lstrip()[:1] in "，。；）" for line in lines)
    assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")


# --- errors: the whole corpus comes out in Chinese ---------------------------------------------

#: command lines that fail, one per kind of message: the argument parser's own, and the library's
#: (registry, parameters, ranges, expressions, choices, files, data sets, training and simulation)
ERROR_CORPUS = [
    ["derive"], ["derive", "relu", "--frobnicate"], ["derive", "relu", "--order", "3"],
    ["derive", "relu", "--at", "abc"], ["compare", "relu", "--frmat", "json"], ["lst"],
    ["simulate", "relu", "--depth"], ["plot", "relu", "--range", "1"], ["derive", "relu", "extra"],
    ["compare", "relu", "--timing=maybe"], ["export", "softmax"],
    ["derive", "nope"], ["derive", "leaky_relu:negative_slope=abc"], ["derive", "leaky_relu:nope=1"],
    ["derive", "leaky_relu:"], ["derive", "relu:alpha=1"], ["derive", "elu:alpha=nan"],
    ["derive", "hardtanh:min_val=2,max_val=1"], ["derive", "gelu:approximate=nope"],
    ["derive", "rrelu:lower=0.5,upper=0.1"], ["derive", "relu", "--range", "5", "1"],
    ["derive", "relu", "--range", "-1e9", "1e9"], ["derive", "relu", "--range", "nan", "1"],
    ["derive", "x*("], ["derive", "import os"], ["derive", "x + y"], ["derive", "log(x)", "--range", "-5", "-1"],
    ["derive", "softmax", "--order", "2"], ["derive", "glu", "--order", "2"], ["derive", "relu", "--at", "inf"],
    ["compare", "relu", "--format", "xml"], ["compare", "glu"], ["compare", ""],
    ["recommend", "--task", "nope"], ["recommend", "--task", "binary", "--layer", "nope"],
    ["recommend", "--symptom", "dead-neurons"], ["compare", "gelu", "--framework", "torch,jaxx"],
    ["recommend", "--explain", "nope"], ["recommend", "--depth", "0", "--task", "binary"], ["recommend"],
    ["recommend", "--task", "binary", "--current", "nope"],
    ["simulate", "relu", "--depth", "0"], ["simulate", "relu", "--width", "100000"],
    ["simulate", "relu", "--init", "nope"], ["simulate", "softmax"],
    ["train", "relu", "--hidden", "a,b"], ["train", "relu", "--data", "nope"],
    ["train", "relu", "--data", "/nonexistent.csv"], ["train", "relu", "--lr", "-1"],
    ["train", "relu", "--epochs", "0"], ["train", "relu", "--seeds", "0"], ["train", "relu", "--noise", "2"],
    ["train", "relu", "--test-split", "2"], ["train", "softmax"], ["train", "relu", "--data", "xor", "--task",
                                                                    "regression"],
    ["train", "relu", "--target", "x"],
    ["plot", "relu", "--dpi", "5"], ["plot", "relu", "-o", "/nonexistent/dir/x.png"], ["plot", "relu", "-o", "/"],
    ["plot", "relu", "-o", ""], ["plot", "relu", "-o", "relu.xyz"], ["plot", "relu", "--terminal", "-o", "x.png"],
    ["plot", "softmax", "--terminal"], ["plot", "softmax", "--range", "-1", "1"],
    ["plot", "softmax", "--range", "-1", "1", "--points", "10"], ["plot", "relu", "--points", "1"],
    ["precision", "relu", "--dtype", "float8"], ["precision", "softmax"], ["export", "glu", "--to", "numpy"],
]

_RUN_CORPUS = """
import io, json, sys
from actcli.cli import run
out = []
for args in json.loads(sys.argv[1]):
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    code = run(args)
    out.append([code, sys.stderr.getvalue()])
sys.__stdout__.write(json.dumps(out))
"""


def _run_corpus(lang: str, tmp: Path) -> list[tuple[int, str]]:
    import json

    proc = subprocess.run([sys.executable, "-c", _RUN_CORPUS, json.dumps([["--lang", lang, *a] for a in ERROR_CORPUS])],
                          capture_output=True, text=True, timeout=600, check=False, cwd=tmp,
                          env={**_CLEAN_ENV, "COLUMNS": "80", "NO_COLOR": "1", "MPLBACKEND": "agg"})
    assert proc.returncode == 0, proc.stderr
    return [(code, err) for code, err in json.loads(proc.stdout)]


def english_left(text: str) -> list[str]:
    """English words in a row that remain in ``text`` once quoted names, flags, file names and
    formulas are set aside (``'leaky_relu'``, ``--order``, ``-o FILE``, ``x*tanh(x)``)."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", " ", text)
    text = re.sub(r"\bactcli(?: [a-z]+)?\b", " ", text)  # a command line
    text = re.sub(r"(?<![\w-])--?[\w-]+(?:[ =][A-Z][A-Z_.|]*\b)*", " ", text)  # options and their metavars
    text = re.sub(r"\b[A-Z][A-Z_]+\b", " ", text)  # metavars and variables: SPEC, ACTCLI_LANG
    return re.findall(r"\b[A-Za-z]{2,} [A-Za-z]{2,}\b", text)


def test_every_error_of_the_corpus_is_chinese(tmp_path: Path) -> None:
    english = _run_corpus("en", tmp_path)
    chinese = _run_corpus("zh", tmp_path)
    for args, (code_en, err_en), (code_zh, err_zh) in zip(ERROR_CORPUS, english, chinese):
        assert code_en in (1, 2) and err_en.startswith("Error: "), (args, err_en)
        assert code_zh == code_en, (args, err_zh)
        lines = err_zh.splitlines()
        assert len(lines) == 1 and lines[0].startswith("错误："), (args, err_zh)
        assert not english_left(lines[0]), (args, lines[0], english_left(lines[0]))


# --- the source and the catalogues -------------------------------------------------------------

ZH = i18n.LOCALE_DIR / "zh"

#: literals under cli/ and present/ that read as prose but are not text for people
NOT_TEXT = {
    " Did you mean": "the argument parser's English, searched for in its message",
    " (Possible options:": "the argument parser's English, searched for in its message",
    "MIN MAX": "a metavar",
    "actcli --lang zh derive relu": "a command line",
    "actcli plot {}": "a command line",
    "Unable to import Axes3D": "matplotlib's warning, matched by a warnings filter",
    "Properties: not listed in actcli's command-line process (see help() in Python).":
        "a docstring of matplotlib's, in the command's own process; no one is shown it",
    "upper center": "a matplotlib legend location", "upper left": "a matplotlib legend location",
    "lower center": "a matplotlib legend location", "lower right": "a matplotlib legend location",
    "offset points": "matplotlib's annotation coordinates",
    "bold red": "a rich style", "bold yellow": "a rich style",
    "rms dA": "a quantity (simulate's column head, as Var Z)", "rms dZ": "a quantity (simulate's column head)",
    "rms dW": "a quantity (simulate's column head)",
    "<tr><th style='text-align:left'>{}</th><td style='text-align:left'>{}</td></tr>": "HTML for Jupyter",
    "<td style='text-align:left'>{}</td>": "HTML for Jupyter",
    "{} is immutable": "an AttributeError for programmers who assign to a library result, in Python's own "
                       "language (as its 'can't set attribute'); the command line never raises it",
}
NOT_TEXT_PREFIXES = ("gtk3agg ",)  # matplotlib's backend names

#: top-level definitions whose text only JSON carries: JSON is data, built in English in every
#: language (present/data.py's ``neutral``), so these sentences are never shown translated and the
#: catalogue does not hold them; test_english_only_text_reaches_only_json checks that it stays so
ENGLISH_ONLY = {
    "present/words.py": frozenset({
        "SATURATION_DEFINITION", "cost_method", "MEASURED_HOW",  # the JSON's definitions and methods
        "init_advice", "_near_linear", "_degree_2", "_lsuv",  # init.advice, and the helpers only it calls
        "FIXED_POINT_OVERFLOW", "FIXED_POINT_BAND", "NEAR_LINEAR_LSUV", "NEAR_LINEAR_UNSTABLE",
        "NEAR_LINEAR_STABLE_ELSEWHERE", "DEGREE_2", "LEAVES_FLOAT64",
    }),
}


def _catalogue_file(name: str) -> dict[str, str]:
    import json

    path = ZH / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _english_only(path: Path) -> frozenset[str]:
    return ENGLISH_ONLY.get(path.relative_to(i18n.LOCALE_DIR.parent).as_posix(), frozenset())


def _unmarked(folder: str) -> list[str]:
    return [str(f) for path in python_files(folder) for f in unmarked_prose(path, _english_only(path))
            if f.text not in NOT_TEXT and not f.text.startswith(NOT_TEXT_PREFIXES)]


def test_english_only_text_reaches_only_json() -> None:
    """The definitions ENGLISH_ONLY exempts are used by one another and by present/data.py (the
    JSON) alone: were the terminal to show one, it would have to be translated."""
    import ast

    package = i18n.LOCALE_DIR.parent
    for relative, names in ENGLISH_ONLY.items():
        module = "actcli." + relative.removesuffix(".py").replace("/", ".")
        defs = definitions(ast.parse((package / relative).read_text(encoding="utf-8")))
        assert names <= set(defs), sorted(names - set(defs))
        used = [(relative, name, node.id) for name, d in defs.items() if name not in names
                for node in ast.walk(d) if isinstance(node, ast.Name) and node.id in names]
        for path in python_files("."):
            if path == package / relative or path == package / "present" / "data.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr in names:
                    used.append((str(path.relative_to(package)), "", node.attr))
                if isinstance(node, ast.ImportFrom) and node.module == module:
                    used += [(str(path.relative_to(package)), "import", a.name) for a in node.names if a.name in names]
        assert used == []


def _missing(folder: str) -> list[str]:
    known = i18n.catalogue("zh")
    return [str(f) for path in python_files(folder) for f in msgids(path) if f.text not in known]


def test_cli_writes_no_unmarked_english() -> None:
    assert _unmarked("cli") == []


def test_present_writes_no_unmarked_english() -> None:
    assert _unmarked("present") == []


def test_every_cli_msgid_is_translated() -> None:
    assert _missing("cli") == []


def test_every_present_msgid_is_translated() -> None:
    assert _missing("present") == []


#: texts of library errors that are composed from pieces (a hint function's return value, a list
#: joined into a hint) rather than written as one literal at the raise site, and the kinds an
#: error names: errors.json holds them as templates, and the error corpus exercises them
COMPOSED = {
    "did you mean {name}? ", "did you mean {names}? {where}", "{name} takes no parameters",
    "write NAME:key=value; {valid}", "{name} in {interval} (default {default})",
    "run 'actcli recommend --rules' for all ids", " at column {column}", " (near {text})",
    " at column {column} (near {text})", "the variable is x; constants are pi and e",
    "allowed: {names}, and activations by name", "learnable: {names}",
    "partials(a, b) gives both partial derivatives of a gated activation",
    "use jacobian(z) or vjp(z, v) for a vector activation", "derivative(x) gives the elementwise derivative",
    "simulate hidden layers with an elementwise one",
    "simulate hidden layers with an elementwise one; a gated layer has two weight matrices, and its gate is {gate}",
    "cannot tell the format of {path}: {why}", "{suffix} is not one", "it has no extension",
    "the format comes from the extension: {suffixes}", "; the temporary file {path} could not be removed",
    "in {directory}", "valid: {tasks} (or the hidden layer alone)", "{first} or {second}", "elementwise", "vector", "gated",
    "one of {names}",
}
#: templates the catalogue holds for one value of a placeholder, so that the sentence names it in
#: Chinese: check_choice's "unknown {name} {value}" for each name it is called with, and a hint's
#: "valid: {valid_text}" when the text is an interval (a list of choices is 可选, a range 有效范围)
CHOICE_NAMES = ("task", "format", "init", "optimizer", "symptom", "architecture", "layer")
SPECIALISED = {f"unknown {name} {{value}}" for name in CHOICE_NAMES} | {
    f"valid: {lo}{{lo}}, {{hi}}{hi}" for lo in "([" for hi in ")]"}
#: translations that leave out a placeholder of the English, because it only carries English grammar
DROPPED = {"axis {axis} is out of range for an array with {ndim} dimension{value}": {"value"}}


def test_every_library_error_template_is_translated() -> None:
    templates, _opaque = error_templates(python_files("."))
    known = i18n.catalogue("zh")
    assert [str(f) for t, f in templates.items() if t not in known] == []


def test_no_stale_keys() -> None:
    """Every key of cli.json and errors.json is a text the code still writes (present.json's are
    checked the same way once it exists; data.json's belong to the data they translate)."""
    used_cli = {f.text for path in python_files("cli") for f in msgids(path)}
    assert sorted(set(_catalogue_file("cli.json")) - used_cli) == []
    templates, _opaque = error_templates(python_files("."))
    assert sorted(set(_catalogue_file("errors.json")) - set(templates) - COMPOSED - SPECIALISED) == []
    present = _catalogue_file("present.json")
    if present:
        used = {f.text for path in python_files("present") for f in msgids(path)}
        assert sorted(set(present) - used) == []


def test_placeholders_match() -> None:
    for name in ("cli.json", "errors.json", "present.json", "data.json"):
        for msgid, text in _catalogue_file(name).items():
            english, chinese = i18n.placeholders(msgid), i18n.placeholders(text)
            assert chinese == english - DROPPED.get(msgid, set()), (name, msgid, text)


def test_the_catalogue_files_agree() -> None:
    """A msgid that two files hold (a word present shows and an error names, such as "vector") has
    one translation in both, so merging them cannot change a translation silently."""
    seen: dict[str, tuple[str, str]] = {}
    for path in sorted(ZH.glob("*.json")):
        for msgid, text in _catalogue_file(path.name).items():
            if msgid in seen:
                assert seen[msgid][1] == text, (msgid, seen[msgid], (path.name, text))
            seen[msgid] = (path.name, text)


#: (term, English phrase): where the phrase holds the term's letters but not the term
GLOSSARY_EXCEPTIONS = {
    ("seed", "seed tutorial"): "the tutorial actcli grew from: 原始教程",
    ("seed", "the seed's"): "the tutorial actcli grew from: 原始教程",
    ("window", "open a window"): "a window on the screen: 图形窗口",
    ("error", "Error:"): "the glossary's note: the line of a failed command is 错误",
    ("activation", "pre-activations"): "the values before the activation: 激活前的值",
}


def _masked(text: str, term: str) -> str:
    for (t, phrase), _why in GLOSSARY_EXCEPTIONS.items():
        if t == term:
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    return text


def test_translations_use_the_glossary() -> None:
    import json

    terms = json.loads((i18n.LOCALE_DIR / "glossary.json").read_text(encoding="utf-8"))["terms"]
    terms.sort(key=lambda t: -len(t["en"]))
    wrong = []
    # present.json and data.json have checks of their own, with the exceptions their texts need
    # (tests/test_i18n_present.py, tests/test_i18n_data.py: paper titles stay as published)
    for path in (ZH / "cli.json", ZH / "errors.json"):
        for msgid, text in _catalogue_file(path.name).items():
            name = path.name
            english = re.sub(r"\{[^{}]*\}", " ", msgid)
            for term in terms:
                pattern = rf"(?<![\w-])\b{re.escape(term['en'])}(?:s|es)?\b(?!-)"
                if re.search(pattern, _masked(english, term["en"]), flags=re.IGNORECASE) and term["zh"] not in text:
                    wrong.append((name, term["en"], term["zh"], msgid, text))
                english = re.sub(pattern, " ", english, flags=re.IGNORECASE)  # "second derivative" is not also "derivative"
    assert wrong == []


# --- JSON is the same in every language --------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["derive", "relu", "--json"], ["derive", "softmax", "--at", "1", "--at", "2", "--json"],
    ["compare", "relu", "tanh", "--no-timing", "--no-simulate", "--json"], ["list", "--json"],
    ["recommend", "--task", "binary", "--json"], ["recommend", "--rules", "--json"],
    ["simulate", "relu", "--depth", "3", "--width", "16", "--batch", "8", "--json"],
], ids=lambda a: " ".join(a[:2]))
def test_json_is_language_neutral(args: list[str]) -> None:
    english, chinese = _actcli("--lang", "en", *args), _actcli("--lang", "zh", *args)
    assert english.returncode == chinese.returncode == 0, chinese.stderr
    assert english.stdout == chinese.stdout


# --- README.zh-CN.md ------------------------------------------------------------------------------

def test_the_chinese_readme_is_in_sync() -> None:
    """Its examples are the real Chinese output of the current code (``make readme`` rewrites them)."""
    import importlib

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    try:
        sync_readme = importlib.import_module("sync_readme")  # a script, not part of the typed package
    finally:
        sys.path.pop(0)
    path = sync_readme.ROOT / "README.zh-CN.md"
    text = path.read_text(encoding="utf-8")
    assert sync_readme.sync(text, lang="zh") == text, "README.zh-CN.md is out of date: run `make readme`"
    assert "(README.zh-CN.md)" in (sync_readme.ROOT / "README.md").read_text(encoding="utf-8").split("\n", 4)[2]
