"""The personal examples store and folders of pictures: round trips, atomic saves, damage kept aside, bad files."""
import os
import warnings

import numpy as np
import pytest
from helpers import bomb_png
from PIL import Image

from network.data.mnist import Dataset
from network.teaching import personal
from network.teaching.personal import PersonalError, PersonalStore, read_examples_folder, read_picture


def picture(seed):
    """A 28x28 uint8 'digit': a bright blob on black, different for every seed."""
    rng = np.random.default_rng(seed)
    a = np.zeros((28, 28), np.uint8)
    r, c = rng.integers(6, 16, 2)
    a[r:r + 8, c:c + 5] = rng.integers(120, 256)
    a[r + 2, c:c + 9] = 255
    return a


def one_sentence(error):
    text = str(error.value)
    return text.endswith(".") and ". " not in text.rstrip(".")


@pytest.fixture
def store(tmp_path):
    return PersonalStore(tmp_path / "data" / "personal.npz")


def test_default_path_is_beside_the_mnist_folder():
    from network.storage.files import user_data_dir

    assert personal.default_path() == user_data_dir() / "personal.npz"


def test_round_trip_add_delete_relabel_clear(store):
    assert len(store.load()) == 0 and not store.path.exists()
    for k in range(4):
        store.add(picture(k), k + 3)
    again = PersonalStore(store.path).load()
    assert again.images.dtype == np.uint8 and again.images.shape == (4, 784)
    assert again.labels.tolist() == [3, 4, 5, 6]
    assert np.array_equal(again.images[2].reshape(28, 28), picture(2))
    edited = store.delete(1)
    assert edited.gone == 0 and edited.examples.labels.tolist() == [3, 5, 6]
    assert np.array_equal(store.load().images[1], picture(2).ravel())
    assert store.relabel(0, 9).examples.labels.tolist() == [9, 5, 6]
    assert store.load().labels.tolist() == [9, 5, 6]
    assert len(store.clear()) == 0 and len(store.load()) == 0 and store.path.exists()


@pytest.mark.parametrize("call, words", [
    (lambda s: s.add(np.zeros((28, 28), np.float32), 3), "28x28"),
    (lambda s: s.add(np.zeros((20, 20), np.uint8), 3), "28x28"),
    (lambda s: s.add(picture(0), 10), "0 to 9"),
    (lambda s: s.add(picture(0), "7"), "0 to 9"),
    (lambda s: s.delete(5), "no example number 5"),
    (lambda s: s.relabel(-1, 2), "no example number -1"),
    (lambda s: s.relabel(0, 12), "0 to 9"),
])
def test_bad_operations_are_refused_in_one_sentence(store, call, words):
    store.add(picture(0), 1)
    with pytest.raises(PersonalError) as error:
        call(store)
    assert words in str(error.value) and one_sentence(error)
    assert store.load().labels.tolist() == [1]


def test_a_crash_mid_write_leaves_the_old_store(store, monkeypatch):
    store.add(picture(0), 1)
    old = store.path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", crash)
    with pytest.raises(PersonalError, match="No space left") as error:
        store.add(picture(1), 2)
    assert one_sentence(error)
    assert store.path.read_bytes() == old
    left = sorted(p.name for p in store.path.parent.iterdir())
    assert left in (["personal.npz"], [".personal.npz.lock", "personal.npz"])   # no temporary file left


@pytest.mark.parametrize("damage", [
    lambda p: p.write_bytes(p.read_bytes()[:100]),                    # truncated
    lambda p: p.write_bytes(b"not a zip file at all"),
    lambda p: np.savez(p, images=np.zeros((2, 10), np.uint8), labels=np.zeros(2, np.uint8),
                       metadata=np.array('{"format": "digits-personal", "version": 1}')),
    lambda p: np.savez(p, something=np.zeros(3)),
    lambda p: np.savez(p, images=np.zeros((1, 784), object), labels=np.zeros(1, np.uint8),
                       metadata=np.array('{"format": "digits-personal", "version": 1}')),
])
def test_a_damaged_store_is_kept_aside_with_one_sentence(store, damage):
    store.add(picture(0), 1)
    damage(store.path)
    damaged_bytes = store.path.read_bytes()
    with pytest.raises(PersonalError, match="damaged") as error:
        store.load()
    assert one_sentence(error)
    aside = [p for p in store.path.parent.iterdir() if p.name.startswith("personal.npz.damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged_bytes and aside[0].name in str(error.value)
    assert not store.path.exists()
    store.add(picture(1), 2)                       # a new store begins; the damaged one stays aside
    assert store.load().labels.tolist() == [2] and aside[0].exists()


def test_a_store_from_a_newer_digits_is_not_touched(store):
    np.savez(store.path.parent.mkdir(parents=True) or store.path, images=np.zeros((0, 784), np.uint8),
             labels=np.zeros(0, np.uint8), metadata=np.array('{"format": "digits-personal", "version": 9}'))
    with pytest.raises(PersonalError, match="newer Digits"):
        store.load()
    assert store.path.exists()


def test_export_import_round_trip(store, tmp_path):
    for k in range(5):
        store.add(picture(k), k)
    assert store.export(tmp_path / "out") == 5
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [f"{i:05d}_{i}.png" for i in range(5)]
    assert np.array_equal(np.asarray(Image.open(tmp_path / "out" / names[3])), picture(3))
    other = PersonalStore(tmp_path / "other.npz")
    other.add(picture(9), 9)
    imported = other.import_folder(tmp_path / "out")
    data = imported.examples
    assert data.labels.tolist() == [9, 0, 1, 2, 3, 4] and (imported.added, imported.skipped) == (5, 0)
    assert np.array_equal(data.images[1:], store.load().images)
    again = other.import_folder(tmp_path / "out")                # the same folder again: nothing twice
    assert (again.added, again.skipped) == (0, 5) and len(other.load()) == 6
    other.relabel(1, 7)                                          # the same picture as another digit is new
    assert other.import_folder(tmp_path / "out").added == 1


def test_folder_per_digit_and_other_pictures(tmp_path):
    (tmp_path / "7").mkdir()
    big = np.full((200, 140, 3), 255, np.uint8)                       # dark ink on white paper, in colour
    big[40:160, 60:80] = (10, 20, 200)
    Image.fromarray(big).save(tmp_path / "7" / "scan.jpg")
    Image.fromarray(255 - picture(1)).save(tmp_path / "x_3.png")     # 28x28 dark on light: inverted
    (tmp_path / ".DS_Store").write_bytes(b"hidden files are skipped")
    data = read_examples_folder(tmp_path)
    assert data.labels.tolist() == [7, 3] and data.images.dtype == np.uint8
    assert np.array_equal(data.images[1].reshape(28, 28), picture(1))
    ink = data.images[0].reshape(28, 28)
    assert ink.max() == 255 and ink[0].max() == 0                     # preprocessed: ink centred, border empty


def save_16bit(path):
    a = np.zeros((40, 40), np.uint16)
    a[10:30, 18:22] = 60000
    Image.fromarray(a).save(path)


def save_cmyk(path):
    img = Image.new("CMYK", (40, 40), (0, 0, 0, 0))
    img.paste((0, 0, 0, 255), (18, 8, 22, 32))
    img.save(path, "JPEG")


def save_palette(path):
    img = Image.new("P", (40, 40), 0)
    img.putpalette([255, 255, 255, 0, 0, 0] + [0] * 762)
    img.paste(1, (18, 8, 22, 32))
    img.save(path)


def save_animated(path):
    frames = []
    for shift in (0, 5):
        f = Image.new("L", (40, 40), 0)
        f.paste(255, (14 + shift, 8, 18 + shift, 32))
        frames.append(f.convert("P"))
    frames[0].save(path, save_all=True, append_images=frames[1:])


def save_transparent(path):
    a = np.zeros((40, 40, 4), np.uint8)
    a[8:32, 18:22] = (0, 0, 0, 255)                                   # black ink, transparent paper
    Image.fromarray(a, "RGBA").save(path)


@pytest.mark.parametrize("make", [save_16bit, save_cmyk, save_palette, save_animated, save_transparent])
def test_unusual_pictures_are_read(tmp_path, make):
    path = tmp_path / "pic_1.png"
    make(path)
    a = read_picture(path)
    assert a.shape == (28, 28) and a.dtype == np.uint8
    assert a.max() >= 200 and a[:, :5].max() == 0                      # a centred vertical stroke of ink


def write_bomb(path):
    """A PNG whose header claims 30000x30000 pixels (small on disk)."""
    bomb_png(path)


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_text("hello, not an image"), "not a picture"),
    (lambda p: p.write_bytes(_png_bytes()[:60]), "damaged"),
    (write_bomb, "larger than"),
    (lambda p: Image.new("L", (40, 40), 0).save(p), "blank"),
])
def test_bad_pictures_get_one_sentence(tmp_path, make, words):
    path = tmp_path / "00001_4.png"
    make(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                                 # no DecompressionBombWarning escapes
        with pytest.raises(PersonalError) as error:
            read_picture(path)
        assert words in str(error.value) and "00001_4.png" in str(error.value) and one_sentence(error)
        with pytest.raises(PersonalError, match="00001_4.png"):
            read_examples_folder(tmp_path)


def _png_bytes():
    from io import BytesIO

    out = BytesIO()
    Image.fromarray(picture(2)).resize((100, 100)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("setup, words", [
    (lambda d: None, "holds no pictures"),
    (lambda d: Image.fromarray(picture(0)).save(d / "drawing.png"), "has no label"),
    (lambda d: Image.fromarray(picture(0)).save(d / "drawing_x.png"), "not a digit"),
    (lambda d: Image.fromarray(picture(0)).save(d / "drawing_12.png"), "not a digit"),
    (lambda d: (d / "notes_3.txt").write_text("not an image"), "notes_3.txt is not a picture"),
])
def test_bad_folders_get_one_sentence(tmp_path, setup, words):
    folder = tmp_path / "examples"
    folder.mkdir()
    setup(folder)
    with pytest.raises(PersonalError) as error:
        read_examples_folder(folder)
    assert words in str(error.value) and one_sentence(error)


def test_missing_folder_and_failed_import_change_nothing(store, tmp_path):
    with pytest.raises(PersonalError, match="does not exist"):
        read_examples_folder(tmp_path / "nowhere")
    store.add(picture(0), 1)
    folder = tmp_path / "mixed"
    folder.mkdir()
    Image.fromarray(picture(1)).save(folder / "a_2.png")
    (folder / "b_3.png").write_text("broken")
    with pytest.raises(PersonalError, match="b_3.png"):
        store.import_folder(folder)
    assert store.load().labels.tolist() == [1]


def test_dataset_from_the_store_feeds_teach(store):
    store.add(picture(0), 1)
    data = store.load()
    assert isinstance(data, Dataset) and data.images.flags["C_CONTIGUOUS"]
    assert os.path.basename(store.path) == "personal.npz"


def _add_many(path, first, count, start):
    store = PersonalStore(path)
    start.wait(30)
    for k in range(first, first + count):
        store.add(picture(k), k % 10)


def test_two_processes_adding_at_once_lose_nothing(tmp_path):
    """Two windows on one store, each adding examples as fast as it can: every one is kept (each
    change is a read-modify-write under the store's lock)."""
    import multiprocessing

    path = tmp_path / "personal.npz"
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [context.Process(target=_add_many, args=(path, first, 40, start)) for first in (0, 1000)]
    for w in workers:
        w.start()
    start.set()                                     # both add at the same moment
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    data = PersonalStore(path).load()
    kept = {row.tobytes() for row in data.images}
    assert len(data) == 80 and kept == {picture(k).tobytes() for k in [*range(40), *range(1000, 1040)]}


def test_a_stale_list_deletes_and_relabels_what_it_shows_never_another_example(tmp_path):
    """Window A shows four examples. Window B deletes the first. A, still showing the old list,
    deletes its row 0 (already gone: nothing else is removed, and A is told) and then its row 2 (the
    picture that row held, wherever it is now)."""
    a, b = PersonalStore(tmp_path / "personal.npz"), PersonalStore(tmp_path / "personal.npz")
    for k in range(4):
        a.add(picture(k), k)
    shown_in_a = a.load()
    b.delete(0, shown=b.load())
    edited = a.delete([0], shown=shown_in_a)
    assert edited.gone == 1 and edited.examples.labels.tolist() == [1, 2, 3]
    edited = a.delete(2, shown=shown_in_a)
    assert edited.gone == 0 and edited.examples.labels.tolist() == [1, 3]
    assert np.array_equal(a.load().images, np.stack([picture(1), picture(3)]).reshape(2, 784))
    edited = a.relabel([1, 3], 7, shown=shown_in_a)              # the 1 is still there, the 3 too
    assert edited.gone == 0 and edited.examples.labels.tolist() == [7, 7]


def test_a_change_waits_for_another_and_says_when_it_waited_too_long(tmp_path, monkeypatch):
    import filelock

    store = PersonalStore(tmp_path / "personal.npz")
    store.add(picture(0), 0)
    monkeypatch.setattr(personal, "LOCK_WAIT", 0.2)
    with filelock.FileLock(store.path.with_name(".personal.npz.lock")):          # another Digits in the middle of a change
        # (thread_local: this thread's second lock object on the same file must not be re-entrant)
        import threading

        errors = []
        t = threading.Thread(target=lambda: errors.append(_try(lambda: store.add(picture(1), 1))))
        t.start()
        t.join()
    assert isinstance(errors[0], PersonalError) and "busy" in str(errors[0]) and errors[0].args[0].key
    assert store.load().labels.tolist() == [0]
    store.add(picture(1), 1)                                      # and once it is free, it works
    assert store.load().labels.tolist() == [0, 1]


def _try(call):
    try:
        call()
    except PersonalError as e:
        return e
    return None


def test_what_a_folder_holds_but_is_not_read_is_named(tmp_path):
    """A folder inside a digit's folder, a link to a folder (its pictures would count twice) and a
    pipe are passed over, and said; the pictures are read once."""
    folder = tmp_path / "mine"
    (folder / "7" / "deeper").mkdir(parents=True)
    Image.fromarray(picture(1)).save(folder / "00000_3.png")
    Image.fromarray(picture(2)).save(folder / "7" / "a.png")
    Image.fromarray(picture(3)).save(folder / "7" / "deeper" / "b.png")
    (folder / "8").symlink_to(folder / "7")
    os.mkfifo(folder / "00001_4.png")
    (folder / "00002_5.png").symlink_to(folder / "gone.png")
    passed = []
    data = read_examples_folder(folder, passed=passed)
    assert data.labels.tolist() == [3, 7]
    said = str(personal.passed_sentence(passed))
    assert said.startswith("4 entries of the folder were not read: ") and "00002_5.png (a link to nothing)" in said
    assert "00001_4.png (not a file" in said and "7/deeper (a folder inside a folder)" in said
    assert "8 (a link to a folder" in said
    imported = PersonalStore(tmp_path / "personal.npz").import_folder(folder)
    assert imported.added == 2 and str(imported.passed) == said
