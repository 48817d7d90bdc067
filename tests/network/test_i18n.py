"""The language catalogues and the functions that read them."""
import pytest

from network import i18n


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def test_every_catalogue_has_the_same_ids_and_placeholders():
    english = i18n.catalogue("en")
    assert english
    for code in i18n.LANGUAGES:
        other = i18n.catalogue(code)
        assert set(other) == set(english), f"{code}: missing {set(english) - set(other)}, extra {set(other) - set(english)}"
        for key, text in english.items():
            assert i18n.placeholders(other[key]) == i18n.placeholders(text), (code, key, other[key])
            assert other[key].strip(), (code, key)


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
