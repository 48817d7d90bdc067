"""The language catalogues and the functions that read them."""
import ast
import json
import re
from pathlib import Path

import pytest

from network import i18n


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


FORM = re.compile(r"(?P<key>.+)\[(?P<name>\w+)=(?P<value>\d+)\]")


def _split(texts):
    """({id: text} without the forms for one value, {(id, name, value): form})."""
    forms = {(m["key"], m["name"], int(m["value"])): text for k, text in texts.items() if (m := FORM.fullmatch(k))}
    return {k: text for k, text in texts.items() if not FORM.fullmatch(k)}, forms


def test_every_catalogue_has_the_same_ids_and_placeholders():
    english, _ = _split(i18n.catalogue("en"))
    assert english
    for code in i18n.LANGUAGES:
        other, _ = _split(i18n.catalogue(code))
        assert set(other) == set(english), f"{code}: missing {set(english) - set(other)}, extra {set(other) - set(english)}"
        for key, text in english.items():
            assert i18n.placeholders(other[key]) == i18n.placeholders(text), (code, key, other[key])
            assert other[key].strip(), (code, key)


def test_a_form_for_one_value_belongs_to_a_text_and_lacks_only_that_value():
    for code in i18n.LANGUAGES:
        texts, forms = _split(i18n.catalogue(code))
        for (key, name, value), form in forms.items():
            assert key in texts and name in i18n.placeholders(texts[key]), (code, key, name)
            assert i18n.placeholders(form) == i18n.placeholders(texts[key]) - {name}, (code, key, form)
            assert form.strip(), (code, key)
    assert _split(i18n.catalogue("en"))[1], "English has such forms"


def test_the_form_is_chosen_by_its_own_value_only():
    i18n.set_language("en")
    one = "Taught on 1 example: done in 0.5 s (teaching itself 0.2 s)."
    assert i18n.tr("teach.result.done", examples=1, seconds="0.2", waited="0.5") == one
    assert i18n.tr("teach.result.done", examples=i18n.Number(1), seconds="0.2", waited="0.5") == one
    assert i18n.tr("teach.result.done", examples=2, seconds="0.2", waited="0.5").startswith("Taught on 2 examples: ")
    assert i18n.tr("teach.result.done", examples=1.0, seconds="0.2", waited="0.5").startswith("Taught on 1.0 examples")
    assert i18n.tr("matrix.cell.tip", count=1, true=4, predicted=9) == "1 test image: 4 read as 9"
    assert i18n.tr("matrix.cell.tip", count=2, true=1, predicted=1) == "2 test images: 1 read as 1"
    assert "(2 examples in all)" in i18n.tr("draw.correct.saved", digit=1, count=2)    # digit 1 is no count
    assert str(i18n.Text("teach.exported", count=1, folder="x")) == "Wrote 1 example into x."
    assert [i18n.tr("draw.correct.button", digit=k) for k in (7, 8, 9)] == ["It's a 7", "It's an 8", "It's a 9"]
    i18n.set_language("zh_CN")                                    # Chinese has no singular
    assert i18n.tr("teach.result.done", examples=1, seconds="0.2", waited="0.5") == \
        i18n.catalogue("zh_CN")["teach.result.done"].format(examples=1, seconds="0.2", waited="0.5")
    assert i18n.tr("draw.correct.button", digit=8) == "是 8"


def test_no_english_text_says_a_8():
    """English says "an 8": a text with "a {digit}" has its form for 8 (or does not say "a" at all)."""
    texts, forms = _split(i18n.catalogue("en"))
    for key, text in texts.items():
        for name in re.findall(r"\ba \{(\w+)\}", text, flags=re.IGNORECASE):
            assert (key, name, 8) in forms, (key, text)
    assert all(not re.search(r"\ba 8\b", form, flags=re.IGNORECASE) for form in forms.values())


def test_language_comes_from_the_environment_unless_set():
    assert i18n.language_from_environment({"LANG": "zh_CN.UTF-8"}) == "zh_CN"
    assert i18n.language_from_environment({"LANGUAGE": "zh_TW:en", "LANG": "en_US.UTF-8"}) == "zh_CN"
    assert i18n.language_from_environment({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert i18n.language_from_environment({}) == "en"
    assert i18n.set_language("zh-CN") == "zh_CN" == i18n.language()
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_numbers_and_percentages():
    i18n.set_language("en")
    assert i18n.number(60000) == "60,000" and i18n.percent(0.994) == "99.40%"
    i18n.set_language("zh_CN")
    assert i18n.percent(0.5, 1) == "50.0%"


# -- the catalogues and the code agree ----------------------------------------------------
REPO = Path(__file__).resolve().parents[2]
ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
FILE_NAME = re.compile(r".*\.(npz|npy|png|csv|gz|json|safetensors|tra|txt|ini)")


def _literals():
    """(file, line, string, is the first argument of tr() or Text()) for every string literal in
    the .py files of app/ and network/ (whatever files exist: new modules are covered too); the
    constant start of an f-string stands for itself followed by '*' ('inside.card.formula.*')."""
    found = []
    for path in sorted([*(REPO / "app").rglob("*.py"), *(REPO / "network").rglob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        first_args = {id(node.args[0]) for node in ast.walk(tree) if isinstance(node, ast.Call) and node.args
                      and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) in ("tr", "Text")}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                found.append((path.relative_to(REPO), node.lineno, node.values[0].value + "*", False))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append((path.relative_to(REPO), node.lineno, node.value, id(node) in first_args))
    return found


def test_every_id_in_the_code_exists_and_every_id_is_used():
    """An id is used when it stands in the code as a whole string literal: the first argument of
    tr()/Text(), or in a table (the argparse messages, the filters, the presets...). An id built
    from pieces is found by its pieces: the constant start of an f-string (f"inside.card.formula.{f}"
    uses every id that starts with 'inside.card.formula.'), or a used id plus a suffix literal
    (key + ".tip"). ``format.*`` is read by i18n.number/percent."""
    english = i18n.catalogue("en")
    areas = {key.split(".")[0] for key in english}
    literals = _literals()
    missing = [(str(f), line, s) for f, line, s, first in literals
               if s not in english and (first or (ID.fullmatch(s) and s.split(".")[0] in areas
                                                   and not FILE_NAME.fullmatch(s)))]
    assert not missing, f"ids used in the code but not in en.json: {missing}"
    used = {s for _, _, s, _ in literals}
    prefixes = tuple(s[:-1] for s in used if s.endswith(".*"))
    suffixes = {s for s in used if s.startswith(".") and ID.fullmatch("x" + s)}
    english, _ = _split(english)              # a form for one value is used where its text is
    unused = sorted(key for key in english if key not in used and not key.startswith(prefixes)
                    and not any(key.endswith(end) and key[:-len(end)] in used for end in suffixes))
    assert not unused, f"ids in the catalogues that no code uses: {unused}"


def test_the_catalogue_files_are_sorted_utf8_with_two_space_indent():
    for code in i18n.LANGUAGES:
        path = REPO / "resources" / "translations" / f"{code}.json"
        text = path.read_text(encoding="utf-8")
        catalogue = json.loads(text)
        assert list(catalogue) == sorted(catalogue), code
        assert text == json.dumps(catalogue, ensure_ascii=False, indent=2) + "\n", code


def test_the_chinese_catalogue_is_translated():
    """Every Chinese text is Chinese, but for what a Chinese text keeps (see helpers.english_words)."""
    from helpers import english_words

    names = {"Tariq", "Rashid", "Make", "Your", "Own", "Neural", "Network", "Yann", "LeCun", "Corinna", "Cortes",
             "Christopher", "Burges", "CC", "BY", "SA"}                  # the About box: the book, its authors
    kept = {"about.text": names, "error.weights.wrong_arrays": {"metadata", "wih", "who"},   # the arrays' names
            "error.window.library": {"Qt", "sudo", "apt", "install"}}                      # a command to type
    chinese = i18n.catalogue("zh_CN")
    untranslated = {key: text for key, text in chinese.items() if english_words(text, kept.get(key, ()))}
    assert not untranslated


def test_argparse_words_are_its_own_messages():
    """The table from argparse's English messages to our ids: the English text is argparse's
    message (Python 3.10+ says 'options'), and the translation keeps its placeholders."""
    from network.cli.arguments import ARGPARSE_WORDS as _ARGPARSE_WORDS

    for message, key in _ARGPARSE_WORDS.items():
        english = i18n.catalogue("en")[key]
        assert english == message or (message, english) == ("optional arguments", "options")
        assert i18n.placeholders(i18n.catalogue("zh_CN")[key]) == i18n.placeholders(message), key


def test_a_text_is_rendered_in_the_language_of_the_moment():
    from network.errors import SystemReason, WeightsError

    error = WeightsError(i18n.Text("error.file.not_found", path="w.npz"))
    lazy = i18n.Text("run.start", images=i18n.Number(60000))
    share = i18n.Percent(0.994)
    reason = SystemReason(OSError(28, "No space left on device"))
    odd = SystemReason(OSError(1234, "Something rare"))
    i18n.set_language("en")
    assert (str(error), str(lazy), str(share), str(reason), str(odd)) == (
        "w.npz does not exist.", "Training on 60,000 images…", "99.40%", "No space left on device", "Something rare")
    assert lazy == "Training on 60,000 images…" and lazy == i18n.Text("run.start", images=i18n.Number(60000))
    i18n.set_language("zh_CN")
    assert (str(error), str(lazy), str(reason), str(odd)) == (
        "w.npz 不存在。", "正在用 60,000 张图片训练…", "磁盘空间不足", "Something rare")
    assert f"{lazy:>20}".endswith("训练…")
    assert i18n.tr("error.train.diverged", epoch=3, loss="nan", lr="0.5").startswith("训练在第 3 轮发散了")
