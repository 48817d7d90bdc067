"""Files out and back: weight files, the .safetensors export, atomic writes."""
