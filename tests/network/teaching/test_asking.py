"""Teaching by asking (issue 27): examples that vote when the network reads, a session that asks for
the drawings it needs, the votes kept in the taught network's file, and `digits teach --ask`."""
import json

import numpy as np
import pytest
from helpers import digits, synthetic

from network.model import VOTE_CAP, VOTE_FLOOR, VOTE_NEAR_FLOOR, VOTE_STRENGTH, VOTE_STYLE
from network.pixels import scale
from network.storage import weights
from network.teaching import asking, votes
from network.train import TrainConfig, run


@pytest.fixture(scope="module")
def small():
    """A 784-32-10 relu/softmax network trained on the synthetic patterns, and its MNIST-like mean."""
    train = synthetic(600, seed=0)
    net = run(TrainConfig(hidden=32, epochs=3, batch_size=32, lr=0.1, momentum=0.9, seed=0), train).network
    return net, net.hidden(scale(train.images)).mean(axis=0), train


def test_no_examples_read_exactly_as_before_and_an_example_votes_for_its_digit(small):
    net, mean, data = small
    x = scale(data.images[:50])
    assert np.array_equal(net.with_votes(np.zeros((0, 784), np.uint8), np.zeros(0), mean).forward(x), net.forward(x))
    voting = net.with_votes(data.images[:1], [7], mean)
    a_h = net.hidden(x)
    bonus = voting.scores(a_h) - net.scores(a_h)
    assert bonus[0, 7] == pytest.approx(min(VOTE_STRENGTH * (1 - VOTE_FLOOR), VOTE_CAP), rel=1e-4)  # the example itself
    assert np.all(bonus[:, [k for k in range(10) if k != 7]] == 0)                     # votes only for its 7
    cosines = voting.votes.similarity(a_h)[:, 0]
    assert np.all((bonus[:, 7] > 0) == (cosines > VOTE_FLOOR))                       # local: alike ones only


def test_only_the_most_alike_example_of_a_digit_votes(small):
    net, mean, data = small
    sevens = data.images[np.flatnonzero(data.labels == 7)[:3]]
    voting = net.with_votes(sevens, [7, 7, 7], mean)
    a_h = net.hidden(scale(data.images[:60]))
    cosines = voting.votes.similarity(a_h)
    bonus = (voting.scores(a_h) - net.scores(a_h))[:, 7]
    np.testing.assert_allclose(bonus, np.minimum(VOTE_STRENGTH * np.maximum(cosines.max(axis=1) - VOTE_FLOOR, 0),
                                                 VOTE_CAP), rtol=1e-4, atol=1e-4)
    assert np.count_nonzero(voting.votes.votes(a_h), axis=1).max() == 1


def test_a_reading_like_the_persons_drawings_needs_less_likeness_to_vote(small):
    """Along ``style`` (the way the person's examples differ from MNIST) a reading beyond VOTE_STYLE
    standard deviations votes from VOTE_NEAR_FLOOR; any other from VOTE_FLOOR."""
    net, mean, data = small
    a_h = net.hidden(scale(data.images[:80]))
    direction = a_h[0] - mean
    style = direction / (direction @ direction) * (VOTE_STYLE + 1)        # reading 0 lies VOTE_STYLE + 1 along it
    voting = net.with_votes(data.images[:1], [3], mean, style)
    scores = voting.votes.style_score(a_h)
    assert scores[0] == pytest.approx(VOTE_STYLE + 1, rel=1e-4)
    floors = voting.votes.floors(a_h)
    assert np.array_equal(floors == VOTE_NEAR_FLOOR, scores > VOTE_STYLE) and np.any(floors == VOTE_FLOOR)
    cosines = voting.votes.similarity(a_h)[:, 0]
    bonus = (voting.scores(a_h) - net.scores(a_h))[:, 3]
    np.testing.assert_allclose(bonus, np.minimum(VOTE_STRENGTH * np.maximum(cosines - floors, 0), VOTE_CAP), rtol=1e-4,
                               atol=1e-4)
    assert bonus.max() == pytest.approx(VOTE_CAP)                     # reading 0 is the example: capped
    no_style = net.with_votes(data.images[:1], [3], mean)              # a file taught before the style: one floor
    assert np.all(no_style.votes.floors(a_h) == VOTE_FLOOR)


def test_the_persons_drawings_lie_far_along_their_style_and_mnist_near_none(mnist, pen_file):
    """With the bundled network's moment: a writer's drawings, drawn as the canvas draws, lie beyond
    VOTE_STYLE along the direction made from 20 of them; MNIST's test digits lie along it with a
    standard deviation near 1, as the direction is scaled to."""
    from network.data import pendigits
    from network.data.mnist import Dataset
    from network.data.preprocess import preprocess_ink

    rng = np.random.default_rng(0)
    pen = pendigits.select(pendigits.read_unipen(pen_file), {25})[:60]
    drawn = np.array([np.round(preprocess_ink(pendigits.render(pendigits.place(d, rng))) * 255).astype(np.uint8).ravel()
                      for d in pen])
    labels = np.array([d.label for d in pen], np.uint8)
    net, _ = weights.load_bundled()
    examples = Dataset(drawn[:20], labels[:20], "examples")
    style = votes.style_direction(net, examples)
    taught = votes.with_examples(net, examples)
    assert np.array_equal(taught.votes.style, style)
    others = taught.votes.style_score(net.hidden(scale(drawn[20:])))
    on_mnist = taught.votes.style_score(net.hidden(scale(mnist[1].images[:3000])))
    assert abs(on_mnist.mean()) < 0.5 and 0.5 < on_mnist.std() < 2
    assert np.mean(on_mnist > VOTE_STYLE) < 0.05 and np.mean(others > VOTE_STYLE) > 0.5


def test_a_taught_network_keeps_its_examples_in_its_file(small, tmp_path):
    net, mean, data = small
    voting = net.with_votes(data.images[:5], data.labels[:5], mean, style=np.linspace(-1, 1, 32))
    weights.save(voting, tmp_path / "taught.npz")
    loaded, _ = weights.load(tmp_path / "taught.npz")
    assert np.array_equal(loaded.votes.style, np.linspace(-1, 1, 32).astype(np.float32))
    assert np.array_equal(loaded.votes.pictures, data.images[:5]) and np.array_equal(loaded.votes.labels, data.labels[:5])
    x = scale(data.images[:40])
    assert np.allclose(loaded.forward(x), voting.forward(x))
    weights.save(net, tmp_path / "plain.npz")
    assert weights.load(tmp_path / "plain.npz")[0].votes is None


def test_a_session_asks_one_of_each_then_for_its_weakest_digit(small, monkeypatch):
    net, mean, data = small
    monkeypatch.setattr(asking, "mnist_mean", lambda network: mean)
    session = asking.Session(net, asked=12)
    asked, weakest = [], None
    for _ in range(20):
        if len(asked) == 10:                # the eleventh request: the digit read with the least margin
            weakest = min(session.latest.values(), key=lambda r: r.margin).digit
        request = session.ask()
        if request is None:
            break
        asked.append(request.digit)
        picture = data.images[np.flatnonzero(data.labels == request.digit)[len(asked) % 5]]
        reading = session.give(picture, request.digit)
        assert reading.digit == request.digit and reading.right == (reading.margin > 0)
        session.teach_now()
    assert asked[:10] == list(range(10)) and len(asked) <= 12
    assert session.network.votes is not None and len(session.network.votes) == len(asked)
    assert set(session.latest) == set(range(10))
    assert len(asked) == 10 or asked[10] == weakest


def test_the_reason_says_what_the_person_sees():
    misread = asking.next_request({d: asking.Read(d, d, 20.0) for d in range(9)} | {9: asking.Read(9, 7, -1.5)}, 12)
    assert misread.digit == 9 and str(misread.reason) == "your 9s are still read as 7."
    close = asking.next_request({d: asking.Read(d, d, 20.0 if d != 4 else 1.0) for d in range(10)}, 12)
    assert close.digit == 4 and str(close.reason) == "your 4s are read right, but only just."
    assert asking.next_request({d: asking.Read(d, d, 20.0) for d in range(10)}, 12) is None      # sure enough
    assert asking.next_request({d: asking.Read(d, d, 0.1) for d in range(10)}, 20) is None       # enough asked
    assert asking.next_request({0: asking.Read(0, 0, 3.0)}, 1).digit == 1                        # one of each first


def test_digits_teach_ask_names_the_next_digit(small, tmp_path):
    from PIL import Image

    from network.teaching import hidden_moment

    net, _, data = small
    weights.save(net, tmp_path / "small.npz")
    hidden_moment.remember(net, data.images)          # as training in the window or `digits train` does
    folder = tmp_path / "mine"
    folder.mkdir()
    for i, digit in enumerate((0, 1, 2)):
        picture = Image.new("L", (28, 28), 0)
        picture.paste(255, (8 + digit, 4, 14 + digit, 24))
        picture.save(folder / f"{i:05d}_{digit}.png")
    ran = digits("teach", "--weights", tmp_path / "small.npz", "--examples", folder, "--ask", "--json")
    assert ran.returncode == 0, ran.stderr
    said = json.loads(ran.stdout)
    assert said == {"ask": 3, "examples": 3, "reason": "one drawing of each digit first."}
    ran = digits("teach", "--weights", tmp_path / "small.npz", "--examples", folder, "--ask")
    assert ran.returncode == 0 and ran.stdout.startswith("Draw a 3: one drawing of each digit first")
    ran = digits("teach", "--weights", tmp_path / "small.npz", "--examples", folder, "--out", tmp_path / "t.npz")
    assert ran.returncode == 0, ran.stderr
    taught, _ = weights.load(tmp_path / "t.npz")
    assert taught.votes is not None and taught.votes.labels.tolist() == [0, 1, 2]


def test_the_examples_that_vote_for_a_drawing_are_named(small):
    """Reading an example, it is the one that votes most (the Inside tab says so)."""
    from network.explain import inside

    net, mean, data = small
    voting = net.with_votes(data.images[:3], data.labels[:3], mean)
    said = inside.votes(voting, inside.trace(voting, scale(data.images[1])))
    assert said[0].example == 2 and said[0].digit == data.labels[1] and said[0].similarity == pytest.approx(1, abs=1e-5)
    assert inside.votes(net, inside.trace(net, scale(data.images[1]))) == ()
    assert inside.vote_floor(voting, inside.trace(voting, scale(data.images[1]))) is None      # one floor: no style
    a_h = net.hidden(scale(data.images[:2]))
    style = (a_h[1] - mean) / np.sum((a_h[1] - mean) ** 2) * (VOTE_STYLE + 2)   # drawing 1 lies VOTE_STYLE + 2 along it
    styled = net.with_votes(data.images[:3], data.labels[:3], mean, style)
    floor = inside.vote_floor(styled, inside.trace(styled, scale(data.images[1])))
    assert floor.style == pytest.approx(VOTE_STYLE + 2, rel=1e-3) and floor.like_theirs
    assert floor.limit == VOTE_STYLE and floor.floor == VOTE_NEAR_FLOOR


@pytest.mark.parametrize("damage", ["no mean", "label 12", "style of another size", "style not a number",
                                    "more pictures than labels"])
def test_a_file_whose_examples_are_damaged_is_refused_in_one_sentence(small, tmp_path, damage):
    net, mean, data = small
    weights.save(net.with_votes(data.images[:4], data.labels[:4], mean, style=np.ones(32)), tmp_path / "good.npz")
    with np.load(tmp_path / "good.npz", allow_pickle=False) as archive:
        arrays = dict(archive)
    if damage == "no mean":
        del arrays["vote_mean"]
    elif damage == "label 12":
        arrays["vote_labels"] = np.array([1, 2, 12, 3], np.uint8)
    elif damage == "style of another size":
        arrays["vote_style"] = np.ones(31, np.float32)
    elif damage == "style not a number":
        arrays["vote_style"] = np.full(32, np.nan, np.float32)
    else:
        arrays["vote_pictures"] = np.vstack([arrays["vote_pictures"], arrays["vote_pictures"][:1]])
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(weights.WeightsError) as refused:
        weights.load(tmp_path / "bad.npz")
    said = str(refused.value)
    assert said.startswith("bad.npz: ") and "\n" not in said, said
    ran = digits("evaluate", "--weights", tmp_path / "bad.npz", "--csv", tmp_path / "none.csv")
    assert ran.returncode != 0 and ran.stderr.strip().count("\n") == 0 and "bad.npz" in ran.stderr, ran.stderr
