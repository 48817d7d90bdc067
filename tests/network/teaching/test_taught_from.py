"""A taught network remembers the output layer it started from, so teaching it again starts there."""
import json

import numpy as np
import pytest
from test_teach import FAST, new_style, same_parameters

from network.model import Network
from network.storage import weights
from network.teaching.taught_from import record, start_of
from network.teaching.teach import TeachConfig, teach


@pytest.fixture(scope="module")
def taught():
    """(starting network, taught network, its metadata as saved)."""
    net = Network.create(784, 24, 10, activation="relu", output="softmax", biases=True, rng=0)
    result = teach(net, new_style(4, seed=5), FAST)
    meta = result.metadata({"training": {"lr": 0.1}, "preset": "quick", "test_accuracy": 0.9}, "small.npz")
    return net, result.network, json.loads(json.dumps(meta))        # as JSON, like a file


def test_the_starting_network_is_rebuilt_exactly(taught):
    net, taught_net, meta = taught
    assert not np.array_equal(taught_net.w_ho, net.w_ho)
    root, base, name = start_of(taught_net, meta)
    assert same_parameters(root, net) and root.has_biases and (root.activation, root.output) == ("relu", "softmax")
    assert root.w_ih is not taught_net.w_ih                  # a copy: a step applied to one leaves the other
    assert base == {"training": {"lr": 0.1}, "preset": "quick"} and name == "small.npz"


def test_teaching_the_taught_network_again_makes_the_same_network(taught):
    net, taught_net, meta = taught
    root, _, _ = start_of(taught_net, meta)
    again = teach(root, new_style(4, seed=5), FAST).network
    assert same_parameters(again, taught_net)


def test_it_survives_a_weight_file(taught, tmp_path):
    net, taught_net, meta = taught
    weights.save(taught_net, tmp_path / "taught.npz", **meta)
    loaded, loaded_meta = weights.load(tmp_path / "taught.npz")
    assert same_parameters(start_of(loaded, loaded_meta)[0], net)


def test_a_changed_hidden_layer_a_damaged_record_or_none_teach_the_network_as_it_is(taught):
    net, taught_net, meta = taught
    stepped = taught_net.copy()
    stepped.w_ih[0, 0] += 0.5                             # a training step applied in the Inside tab
    assert start_of(stepped, meta)[0] is stepped
    for damage in ({"w_ho": "not base64!"}, {"w_ho": record(net)["b_o"]}, {"b_o": None}, {"hidden_sha256": 7}):
        broken = {**meta, "taught": {**meta["taught"], "start": {**meta["taught"]["start"], **damage}}}
        assert start_of(taught_net, broken) == (taught_net, broken, None)
    for plain in ({}, {"taught": "yes"}, {"taught": {"start": []}}, None):
        assert start_of(net, plain)[0] is net


def test_a_network_without_biases_keeps_none(taught):
    net = Network.create(784, 16, 10, rng=1)              # the article's: sigmoid, no biases
    result = teach(net, new_style(3, seed=6), TeachConfig(copies=5, anchors=50, epochs=2, min_steps=20))
    root, _, _ = start_of(result.network, json.loads(json.dumps(result.metadata())))
    assert not root.has_biases and same_parameters(root, net)
