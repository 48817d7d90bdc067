"""The command line in Chinese: every help, argparse's own words, progress and errors; --json stays English.

What counts as an English word, and what a Chinese text may still contain,
is said in tests/helpers.py (english_words); here the words a person typed
on the command line are allowed too.
"""
import json
import re
import unicodedata

import pytest
from helpers import bomb_png, cjk, english_words, synthetic
from helpers import digits as run_digits

COMMANDS = ["train", "evaluate", "predict", "download", "export", "explain", "imagine", "teach"]


def digits(*args, lang=None, locale=None, cwd=None, home=None):
    """Run `digits ARGS` with the locale variables removed, then ``--lang`` or LANG set."""
    env = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": locale, **(home or {})}
    return run_digits(*args, *(["--lang", lang] if lang else []), env=env, cwd=cwd)


@pytest.fixture
def home(tmp_path):
    return {"XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}


def assert_chinese(text, typed=()):
    typed_words = set(re.findall(r"[A-Za-z]{2,}", " ".join(map(str, typed))))
    assert cjk(text), text
    assert not english_words(text, typed_words), f"{english_words(text, typed_words)} in:\n{text}"


def _columns(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.parametrize("how", ["--lang", "LANG"])
def test_every_help_is_in_chinese(how):
    for command in [None, *COMMANDS]:
        args = [command, "--help"] if command else ["--help"]
        r = digits(*args, lang="zh_CN") if how == "--lang" else digits(*args, locale="zh_CN.UTF-8")
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith("用法：digits") and "选项" in r.stdout
        assert_chinese(r.stdout, COMMANDS)          # the commands' names are typed as they are
        width = max(_columns(line) for line in r.stdout.splitlines())
        assert width <= 80, f"{command}: a line of {width} columns"


def test_the_help_lines_up_in_columns_with_chinese_metavars():
    r = digits("train", "--help", lang="zh_CN")
    starts = {_columns(m.group(1)) for m in re.finditer(r"^(  -\S.*?[ ]{2,})\S", r.stdout, re.MULTILINE)}
    assert len(starts) == 1, starts           # every help text starts in the same column


def test_lang_is_read_wherever_it_stands_and_english_stays_english():
    assert digits("--lang", "zh_CN", "train", "--help").stdout.startswith("用法：digits train")
    assert digits("train", "--lang=zh", "--help").stdout.startswith("用法：digits train")
    english = digits("train", "--help", locale="zh_CN.UTF-8", lang="en")
    assert english.stdout.startswith("usage: digits train") and not cjk(english.stdout)


def test_a_language_that_does_not_exist_is_a_usage_error():
    r = digits("--lang", "fr", "train")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "'fr'" in r.stderr and "zh_CN" in r.stderr


def test_errors_are_one_chinese_sentence(tmp_path, home):
    (tmp_path / "notes.png").write_text("hello")
    (tmp_path / "bad.npz").write_bytes(b"not a zip at all")
    (tmp_path / "bad.csv").write_text("1,2,3\n")
    (tmp_path / "x.csv").write_text("1," + ",".join(["0"] * 783) + ",x\n")
    cases = [
        (1, ["evaluate", "--weights", tmp_path / "bad.npz"]),                 # not a weight file
        (1, ["evaluate", "--weights", tmp_path / "missing.npz"]),             # a missing file
        (1, ["train", "--csv", tmp_path / "bad.csv", tmp_path / "bad.csv"]),  # a bad CSV
        (1, ["evaluate", "--csv", tmp_path / "x.csv"]),                       # numpy's complaint, reworded
        (1, ["train", "--csv", tmp_path / "bad.csv", tmp_path / "bad.csv", "--lr", "-1"]),   # a bad setting
        (1, ["predict", tmp_path / "notes.png"]),                             # not a picture
        (1, ["predict", bomb_png(tmp_path / "bomb.png")]),                    # too large
        (1, ["train", "--data", tmp_path / "nowhere"]),                       # no such folder
        (1, ["train", "--pen-writers", "3"]),                                 # an option that needs another
        (1, ["export", "--out", tmp_path]),                                   # a folder, not a file
        (2, ["train", "--preset", "turbo"]),                                  # argparse: invalid choice
        (2, ["train", "--epochs", "1.5"]),                                    # not a whole number
        (2, ["train", "--csv", "a.csv"]),                                     # expected 2 arguments
        (2, ["train", "--hidden"]),                                           # expected one argument
        (2, ["predict"]),                                                     # required arguments
        (2, ["evaluate", "--bogus-option"]),                                  # unrecognized arguments
        (2, ["fly"]),                                                         # no such command
    ]
    for status, args in cases:
        r = digits(*args, lang="zh_CN", home=home)
        assert r.returncode == status, (args, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("digits: 错误：") and lines[0].endswith("。"), (args, lines)
        assert "Traceback" not in r.stderr
        assert_chinese(lines[0], args)


def test_a_failed_download_in_chinese(home):
    r = digits("train", lang="zh_CN", home={**home, "DIGITS_MNIST_MIRRORS": "http://127.0.0.1:9/"})
    assert r.returncode == 1
    *notices, error = r.stderr.strip().splitlines()
    assert error.startswith("digits: 错误：") and "train-images-idx3-ubyte.gz" in error
    assert "--data 目录 或 --csv 训练集 测试集" in error
    for line in [*notices, error]:
        assert_chinese(line)


def _csv(path, ds):
    path.write_text("".join(",".join(map(str, [label, *image])) + "\n" for label, image in zip(ds.labels, ds.images)))
    return path


def test_training_speaks_chinese_and_json_keeps_english_keys(tmp_path, home):
    train = _csv(tmp_path / "mnist_train.csv", synthetic(300, seed=0))
    test = _csv(tmp_path / "mnist_test.csv", synthetic(100, seed=1))
    common = ["train", "--csv", train, test, "--hidden", "16", "--epochs", "1", "--no-augment"]
    r = digits(*common, "--out", tmp_path / "a.npz", lang="zh_CN", home=home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("第 1/1 轮  损失 ") and "测试集准确率" in r.stdout
    assert_chinese(r.stdout + r.stderr, common)

    r = digits(*common, "--json", "--out", tmp_path / "b.npz", locale="zh_CN.UTF-8", home=home)
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert set(lines[0]) == {"epoch", "loss", "train_accuracy", "test_accuracy", "seconds"}
    assert set(lines[-1]) == {"test_accuracy", "seconds", "out"}
    r = digits("evaluate", "--csv", test, "--weights", tmp_path / "a.npz", "--json", lang="zh_CN", home=home)
    assert set(json.loads(r.stdout)) == {"accuracy", "per_digit", "confusion", "refused"}
    r = digits("evaluate", "--csv", test, "--weights", tmp_path / "a.npz", lang="zh_CN", home=home)
    assert "混淆矩阵" in r.stdout
    assert_chinese(r.stdout)
