"""Picture files of every kind a user may give: an answer or one sentence, never a traceback."""
import numpy as np
import pytest
from helpers import bomb_png
from PIL import Image, ImageDraw

from network.data.pictures import MAX_SIDE, read_picture
from network.data.preprocess import preprocess
from network.errors import PictureError
from network.storage import weights


def seven(size=200, mode="L"):
    """Black ink on white paper."""
    image = Image.new(mode, (size, size), "white")
    k = size / 200
    ImageDraw.Draw(image).line([(50 * k, 40 * k), (150 * k, 40 * k), (85 * k, 170 * k)], fill="black",
                               width=size // 14, joint="curve")
    return image


def good_pictures(tmp_path):
    """name -> path of pictures of a 7 in many formats and modes."""
    out = {}
    out["grey.png"] = seven()
    wide = (np.asarray(seven()).astype(np.uint16) * 257)
    out["sixteen-bit.png"] = Image.fromarray(wide)
    out["cmyk.jpg"] = seven(mode="RGB").convert("CMYK")
    out["cmyk.tif"] = seven(mode="RGB").convert("CMYK")
    out["palette.png"] = seven(mode="RGB").convert("P")
    rgba = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(rgba).line([(50, 40), (150, 40), (85, 170)], fill=(255, 255, 255, 255), width=14)
    out["light-on-transparent.png"] = rgba
    dark = Image.new("RGBA", (200, 200), (255, 255, 255, 0))
    ImageDraw.Draw(dark).line([(50, 40), (150, 40), (85, 170)], fill=(0, 0, 0, 255), width=14)
    out["dark-on-transparent.png"] = dark
    out["float.tif"] = Image.fromarray(np.asarray(seven(), np.float32) / 255)
    out["bilevel.bmp"] = seven().convert("1")
    paths = {}
    for name, image in out.items():
        paths[name] = tmp_path / name
        image.save(paths[name])
    frames = [seven(), Image.new("L", (200, 200), 255)]
    paths["animated.gif"] = tmp_path / "animated.gif"
    frames[0].save(paths["animated.gif"], save_all=True, append_images=frames[1:], duration=100, loop=0)
    return paths


def test_every_kind_of_good_picture_is_read_and_recognised(tmp_path):
    net, _ = weights.load_bundled()
    for name, path in good_pictures(tmp_path).items():
        grey = read_picture(path)
        assert grey.dtype == np.uint8 and grey.ndim == 2, name
        x = preprocess(grey)
        assert x is not None, name
        assert int(net.probabilities(x).argmax()) == 7, name


def test_huge_pictures_are_reduced(tmp_path):
    path = tmp_path / "big.png"
    seven(size=3000).save(path)
    grey = read_picture(path)
    assert max(grey.shape) == MAX_SIDE


def _refused(path, *fragments):
    with pytest.raises(PictureError) as info:
        read_picture(path)
    message = str(info.value)
    assert "\n" not in message and message.endswith(".")
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_bad_pictures_are_one_sentence(tmp_path):
    _refused(bomb_png(tmp_path / "bomb.png"), "bomb.png", "larger than the 50 megapixels")
    _refused(bomb_png(tmp_path / "big.png", side=9000), "big.png", "9,000 x 9,000 pixels")
    (tmp_path / "notes.png").write_text("hello")
    _refused(tmp_path / "notes.png", "notes.png", "not a picture")
    whole = tmp_path / "whole.png"
    seven().save(whole)
    data = whole.read_bytes()
    (tmp_path / "cut.png").write_bytes(data[:len(data) // 2])
    _refused(tmp_path / "cut.png", "cut.png", "damaged")
    _refused(tmp_path / "missing.png", "does not exist")
    _refused(tmp_path, "is a folder")
    (tmp_path / "empty.png").write_bytes(b"")
    _refused(tmp_path / "empty.png", "empty.png")


def test_a_picture_from_a_pipe_is_read_and_an_endless_pipe_is_cut_short(tmp_path, monkeypatch):
    import io
    import os
    import threading

    from helpers import paper_photo

    from network.data import pictures

    def through_a_fifo(data, name):
        fifo = tmp_path / name
        os.mkfifo(fifo)
        writer = threading.Thread(target=lambda: _write_ignoring_a_closed_pipe(fifo, data))
        writer.start()
        return fifo, writer

    buffer = io.BytesIO()
    Image.fromarray(paper_photo(shadow=False)).save(buffer, "PNG")
    fifo, writer = through_a_fifo(buffer.getvalue(), "photo.png")
    assert read_picture(fifo, colour=True).shape == (480, 360, 3)
    writer.join(5)
    monkeypatch.setattr(pictures, "MAX_STREAM_BYTES", 10_000)
    fifo, writer = through_a_fifo(b"\0" * 50_000, "zeros")
    with pytest.raises(PictureError, match="more than"):
        read_picture(fifo)
    writer.join(5)
    assert not writer.is_alive()


def _write_ignoring_a_closed_pipe(path, data):
    try:
        with open(path, "wb") as f:
            f.write(data)
    except BrokenPipeError:             # the reader stopped, as it should
        pass
