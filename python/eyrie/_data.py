"""Python values to and from the text the file readers take: JSON (which is YAML) for layers
and mappings built in Python, YAML from the resolved forms the simulator prints."""
import json


def plain(value):
    # numpy and pandas scalars (np.int64 from a DataFrame) as the Python numbers JSON takes.
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not a number, string, list or dict")


def dumps(data):
    return json.dumps(data, default=plain)


def yaml_dict(text):
    import yaml  # python3-yaml

    return yaml.safe_load(text)
