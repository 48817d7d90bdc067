"""What every settings dataclass saved with a network shares (TrainConfig, TeachConfig)."""
from __future__ import annotations

from dataclasses import asdict, fields


class SavedSettings:
    """Mixin for a frozen dataclass of settings that travels in a weight file's metadata."""

    def to_dict(self):
        """The settings as a JSON-able dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values):
        """Settings from saved metadata; unknown keys are ignored (a newer Digits may add some)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names})
