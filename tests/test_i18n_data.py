"""Text kept as data (records, parameters, init notes, rules) has its Simplified Chinese in
actcli/locale/zh/data.json: every text, no stale ones, placeholders, numbers and names kept, and the
glossary's terms used.

The texts are found by walking the data itself, not by a list kept by hand: every dataclass the
catalogue, the recommend rules and (when it exists) the framework table hold, field by field. A
string field is either text for people (:data:`PROSE`, :data:`REFERENCE`) or a code or formula
(:data:`VERBATIM`); a field in neither fails :func:`test_every_string_field_is_classified`, so a
new field, record or module is caught the day it is added.
"""

from __future__ import annotations

import dataclasses
import difflib
import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from actcli import api, i18n
from actcli.core.record import Record
from actcli.recommend.rules import RULES

DATA = Path(i18n.LOCALE_DIR) / "zh" / "data.json"

#: fields whose strings are sentences or notes for people: translated in full
PROSE = frozenset({"summary", "cost", "fragile", "doc", "note", "notes", "description", "title", "why", "init",
                   "loss", "also", "reason", "advice", "caveat", "detail", "label", "help"})
#: fields whose strings are citations: translated where they carry words of actcli's own (the seed
#: tutorial, a note in parentheses, "docs"); a bare citation (authors, year, title) may map to itself
REFERENCE = frozenset({"references", "source", "sources", "citation", "url"})
#: fields that are codes, names or formulas: shown as they are, in every language
VERBATIM = frozenset({"name", "kind", "aliases", "id", "layer", "choice", "alternatives", "avoid", "choices",
                      "default", "text", "latex", "scheme", "convention", "value", "dist", "framework",
                      "module", "attribute", "spec", "version", "api", "call"})
#: (class, field) pairs whose meaning differs from the field name's in the sets above
OVERRIDES = {
    ("Param", "source"): "prose",  # where a default comes from: a sentence, with citations in it
    ("Framework", "title"): "verbatim",  # a framework's name as it calls itself: "PyTorch (torch.nn.functional)"
    ("Formula", "text"): "formula",  # maths, translated when it has words in it: "(α learned; 1 initially)"
}
#: the words a formula may hold as notation: if/else as in the frameworks' docs, functions written
#: without brackets (tanh u, ln σ), the names of parameters, frameworks and methods
NOTATION = frozenset({"if", "else", "tanh", "ln", "sp", "softplus", "limit", "prelu", "snake", "jax", "PyTorch",
                      "SIREN"})


def english_words(formula: str) -> list[str]:
    """The words of a formula that are not notation (names with _ , functions before a bracket or a
    prime, dotted calls and :data:`NOTATION` set aside)."""
    text = re.sub(r"\b\w*_\w*\b", " ", formula)  # negative_slope, t_r, sparse_sigmoid
    text = re.sub(r"\b[A-Za-z]+(?=[(′″²])", " ", text)  # max(, tanh(, relu′
    text = re.sub(r"\b[a-z]+\.[\w.]+", " ", text)  # jax.grad
    return [w for w in re.findall(r"(?<![\w^{])[A-Za-z]{2,}(?![\w}])", text) if w not in NOTATION]


@dataclasses.dataclass(frozen=True)
class Text:
    text: str
    where: str  # "relu.summary", "hidden-relu-default.why", ...
    reference: bool


def _kind(owner: object, name: str) -> str | None:
    override = OVERRIDES.get((type(owner).__name__, name))
    if override is not None:
        return override
    if name in PROSE:
        return "prose"
    if name in REFERENCE:
        return "reference"
    if name in VERBATIM:
        return "verbatim"
    return None


def _strings(value: object) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (tuple, list)) and value and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _walk(obj: object, where: str, unclassified: list[str]) -> Iterator[Text]:
    """Every text of one dataclass value, its nested dataclasses included."""
    assert dataclasses.is_dataclass(obj) and not isinstance(obj, type)
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        at = f"{where}.{f.name}"
        strings = _strings(value)
        if strings is not None:
            kind = _kind(obj, f.name)
            if kind is None:
                unclassified.append(f"{type(obj).__name__}.{f.name} ({at})")
            elif kind == "formula":
                yield from (Text(s, at, False) for s in strings if english_words(s))
            elif kind != "verbatim":
                yield from (Text(s, at, kind == "reference") for s in strings if s.strip())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            if not isinstance(value, Record):  # a gated record's gate is walked as a record of its own
                yield from _walk(value, at, unclassified)
        elif isinstance(value, (tuple, list)):
            for i, item in enumerate(value):
                if dataclasses.is_dataclass(item) and not isinstance(item, type):
                    yield from _walk(item, f"{at}[{i}]", unclassified)


def shipped_records() -> list[Record]:
    """actcli's own records (a plugin's text is its author's to translate)."""
    return [r for r in api.records() if r.fn is None or r.fn.__module__.startswith("actcli.")]


def _framework_values() -> list[tuple[str, object]]:
    """The framework table's data (actcli/catalogue/frameworks.py), when the module exists."""
    try:
        module = importlib.import_module("actcli.catalogue.frameworks")
    except ModuleNotFoundError:
        return []
    found: list[tuple[str, object]] = []
    for attr, value in vars(module).items():
        if attr.startswith("_") or isinstance(value, type):
            continue
        items = list(value.values()) if isinstance(value, dict) else value if isinstance(value, (tuple, list)) else [value]
        found += [(f"frameworks.{attr}", v) for v in items if dataclasses.is_dataclass(v) and not isinstance(v, type)]
    return found


def extract() -> tuple[list[Text], list[str]]:
    """Every text meant for people that lives as data, and the string fields nobody classified."""
    texts: list[Text] = []
    unclassified: list[str] = []
    for r in shipped_records():
        defaults = r.defaults()
        texts += _walk(r, r.name, unclassified)
        texts += _walk(r.claims(defaults), f"{r.name}.claims", unclassified)
        texts += _walk(r.init(defaults), f"{r.name}.init", unclassified)
    for rule in RULES:
        texts += _walk(rule, rule.id, unclassified)
    for where, value in _framework_values():
        texts += _walk(value, where, unclassified)
    return texts, sorted(set(unclassified))


@pytest.fixture(scope="module")
def texts() -> list[Text]:
    return extract()[0]


@pytest.fixture(scope="module")
def data() -> dict[str, str]:
    loaded = json.loads(DATA.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_every_string_field_is_classified() -> None:
    _, unclassified = extract()
    assert not unclassified, ("string fields neither PROSE, REFERENCE nor VERBATIM in tests/test_i18n_data.py "
                              f"(text for people gets a translation in {DATA.name}): {unclassified}")


def test_the_extractor_finds_the_texts_it_must(texts: list[Text]) -> None:
    """The walk reaches every kind of place text lives in (a walk that found nothing would pass the rest)."""
    found = {t.text for t in texts}
    relu = api.lookup("relu")
    leaky = api.lookup("leaky_relu")
    assert relu.summary in found and relu.cost in found
    assert leaky.params[0].doc in found and leaky.params[0].source in found
    assert relu.init(relu.defaults()).note in found
    assert all(ref in found for ref in relu.references)
    for rule in RULES:
        assert {rule.title, rule.why, *rule.source} <= found
        assert all(v in found for v in (rule.init, rule.loss, rule.also) if v)
    assert len(shipped_records()) >= 54


def test_every_text_has_a_translation(texts: list[Text], data: dict[str, str]) -> None:
    missing = sorted({f"{t.where}: {t.text!r}" for t in texts if t.text not in data})
    assert not missing, f"{len(missing)} texts without a translation in {DATA.name}:\n" + "\n".join(missing)


def test_no_stale_keys(texts: list[Text], data: dict[str, str]) -> None:
    current = {t.text for t in texts}
    stale = sorted(k for k in data if k not in current)
    assert not stale, f"{DATA.name} translates texts the data no longer has: {stale}"


def test_the_catalogue_serves_them(texts: list[Text], data: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """i18n's merged catalogue gives data.json's translation (no other file redefines a data text)."""
    monkeypatch.delenv("ACTCLI_LANG", raising=False)
    i18n.set_language("zh")
    try:
        wrong = [t.text for t in texts if i18n._(t.text) != data.get(t.text)]
    finally:
        i18n.set_language(None)
    assert not wrong, wrong[:5]


CITATION = re.compile(r"\((1[89]|20)\d\d\)|\barXiv:")
#: a note in parentheses: lower-case words in it ("(He initialisation)"; not "(GELUs)", "9(8)", "(2015)")
NOTE = re.compile(r"\([^()]*\b[a-z]{2,}\b[^()]*\)")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _bare(reference: str) -> bool:
    """A citation with no words of actcli's own: authors and year or an arXiv number without a note
    in parentheses after them, or a file and version with at most one word besides the code."""
    if CITATION.search(reference):
        return not NOTE.search(reference)
    return len(re.findall(r"[A-Za-z]{2,}", CODE.sub(" ", reference))) <= 1


def test_only_bare_citations_stay_english(texts: list[Text], data: dict[str, str]) -> None:
    """A text may map to itself only if it is a bare citation (:func:`_bare`); everything else is
    written in Chinese."""
    wrong: set[str] = set()
    for t in texts:
        zh = data.get(t.text)
        if zh is None:
            continue
        if zh == t.text:
            if not (t.reference and _bare(t.text)):
                wrong.add(f"{t.where}: {t.text!r}")
        elif not CJK.search(zh):
            wrong.add(f"{t.where}: {zh!r} has no Chinese")
    assert not wrong, sorted(wrong)


PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def test_placeholders_match(data: dict[str, str]) -> None:
    """A named placeholder ({name}) of the English is in the Chinese, and the Chinese adds none.
    (TeX braces in formulas, e^{x/α}, are compared too: they must be copied as they are.)"""
    wrong = [en for en, zh in data.items() if sorted(PLACEHOLDER.findall(en)) != sorted(PLACEHOLDER.findall(zh))]
    assert not wrong, wrong


NUMBER = re.compile(r"(?<![\w.])[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?")
NAME = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")  # snake_case: activation, parameter and API names


def test_numbers_and_names_are_kept(data: dict[str, str]) -> None:
    """Every number and every snake_case name of the English is in the Chinese, character for
    character: a translation may reword, never change a figure, a formula's constants or a name."""
    wrong = []
    for en, zh in data.items():
        lost = [tok for tok in NUMBER.findall(en) + NAME.findall(en) if tok not in zh]
        if lost:
            wrong.append(f"{en!r} → {zh!r}: {lost}")
    assert not wrong, "\n".join(wrong)


#: record names that are also English words, and are translated as words in prose (恒等, 指数, 阈值, 高斯)
WORDS = frozenset({"identity", "exponential", "threshold", "gaussian"})


def test_activation_names_are_kept(data: dict[str, str]) -> None:
    """A record's name in the English (relu, softplus, gelu_new) is in the Chinese as it is."""
    names = {r.name for r in shipped_records()} - WORDS
    wrong, checked = [], 0
    for en, zh in data.items():
        for name in names:
            if len(name) > 3 and re.search(rf"(?<![\w'-]){re.escape(name)}(?![\w'-])", en):
                checked += 1
                if name not in zh:
                    wrong.append(f"{name}: {en!r}")
    assert not wrong, wrong
    assert checked > 50  # the names are there to check: the data speaks of relu, tanh, softmax, ...


def _glossary() -> list[tuple[str, str]]:
    terms = json.loads((Path(i18n.LOCALE_DIR) / "glossary.json").read_text(encoding="utf-8"))["terms"]
    return sorted(((t["en"].lower(), t["zh"]) for t in terms), key=lambda t: -len(t[0]))


#: phrases of data text whose words are not the glossary's sense, with the Chinese they take
#: ("the seed tutorial" is the tutorial actcli grew from, not a random seed; "non-monotonic" is 非单调)
PHRASES = (("the seed tutorial", "原始教程"), ("the seed's", "原始教程"), ("non-monotonic", "非单调"))
#: code, quoted names and addresses: not prose, so the glossary does not apply (BCEWithLogitsLoss)
CODE = re.compile(r"https?://\S+|(?<!\w)'[^']*'|\S*(?:[._/=]|\w\(|[a-z][A-Z]|[A-Z]{2,}[a-z])\S*")
#: a run of the English this long that the Chinese keeps as it is (a paper's title, code) is not
#: translated, so no glossary term applies inside it
VERBATIM_RUN = 12


def _untranslated_removed(en: str, zh: str) -> str:
    """``en`` without the runs of VERBATIM_RUN or more characters that ``zh`` copies as they are."""
    matcher = difflib.SequenceMatcher(None, en, zh, autojunk=False)
    keep = list(en)
    for block in matcher.get_matching_blocks():
        if block.size >= VERBATIM_RUN:
            keep[block.a : block.a + block.size] = " " * block.size
    return "".join(keep)


def glossary_misses(en: str, zh: str, glossary: list[tuple[str, str]]) -> list[str]:
    """The glossary terms the English uses (longest first, each span once) whose Chinese is not in ``zh``."""
    prose = CODE.sub(" ", _untranslated_removed(en, zh)).lower()
    misses = []
    for phrase, chinese in PHRASES:
        if phrase in prose:
            prose = prose.replace(phrase, " ")
            if chinese not in zh:
                misses.append(phrase)
    for term, chinese in glossary:
        if term in prose:
            prose = prose.replace(term, " ")
            if chinese not in zh:
                misses.append(f"{term} → {chinese}")
    return misses


def test_glossary_misses_is_strict() -> None:
    g = _glossary()
    assert sorted(glossary_misses("Dead for x < 0, vanishing gradients", "x < 0 时为零", g)) == [
        "dead → 死亡", "vanishing gradients → 梯度消失"]
    assert glossary_misses("the seed tutorial §2 (the seed's value)", "原始教程 §2（原始教程的取值）", g) == []
    assert glossary_misses("a seed", "一个", g) == ["seed → 随机种子"]
    assert glossary_misses("PyTorch docs, torch.nn.MSELoss", "PyTorch 文档，torch.nn.MSELoss", g) == []
    assert glossary_misses("as SIREN's SineLayer applies it", "SIREN 的 SineLayer 这样用", g) == []
    assert glossary_misses("relu6(x) in a layer", "relu6(x)", g) == ["layer → 层"]
    assert glossary_misses("Gaussian Error Linear Units, a gaussian error", "Gaussian Error Linear Units，高斯", g) == [
        "error → 误差"]


def test_glossary_terms_are_used(data: dict[str, str]) -> None:
    """Each translation uses the glossary's Chinese for every term its English uses (a bare citation
    kept as it is excepted: a paper's title is not translated)."""
    glossary = _glossary()
    wrong = []
    for en, zh in data.items():
        if zh == en:
            continue
        misses = glossary_misses(en, zh, glossary)
        if misses:
            wrong.append(f"{en!r} → {zh!r}: {misses}")
    assert not wrong, f"{len(wrong)} translations miss glossary terms:\n" + "\n".join(wrong)


def test_what_counts_as_a_bare_citation() -> None:
    assert _bare("Glorot & Bengio (2010), Understanding the difficulty of training deep feedforward neural networks")
    assert _bare("keras/src/layers/activations/elu.py, keras 3.16.0")
    assert not _bare("He et al. (2015), Delving Deep into Rectifiers, arXiv:1502.01852 (He initialisation)")
    assert not _bare("torch/nn/functional.py and torch/nn/modules/activation.py, torch 2.13.0")
    assert not _bare("the seed tutorial §2.8 (selection rules)")


def test_a_formula_needs_a_translation_only_for_its_words() -> None:
    assert english_words("snake(x) = x + sin²(αx)/α   (α learned; 1 initially)") == ["learned", "initially"]
    assert english_words("elu″(x) = 0 if x > 0 else α·eˣ (0 used at x = 0)") == ["used", "at"]
    assert english_words("leaky_relu(x) = x if x > 0 else a·x   (a = negative_slope)") == []
    assert english_words("gelu(x) = x/2·(1 + tanh u),  u = √(2/π)(x + 0.044715x³)") == []
    assert english_words("celu′(x) = 1 if x > 0 else e^{x/α}") == []
