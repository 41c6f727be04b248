#!/usr/bin/env python3
"""Print per-layer output sizes and MAC counts for eyrie network YAML files.

Standard library only. The YAML reader is a small hand parser for the subset
used by workloads/networks/*.yaml:

    # comment
    network: name
    description: "free text"
    layers:
      - {name: conv1, type: conv, C: 3, M: 64, H: 224, W: 224, R: 7, S: 7, stride: 2, pad: 3}
      - name: fc1000          # block-style items are accepted too
        type: fc
        C: 2048
        M: 1000

MACs of a conv/fc layer = N * M * P * Q * (C / groups) * R * S.
Pool and eltwise layers carry no MACs.

Usage: scripts/network_macs.py [--quiet] FILE.yaml [FILE.yaml ...]
Exit status is non-zero if a file fails to parse or validate.
"""

import os
import sys

TOP_KEYS = {"network", "description", "layers"}
LAYER_KEYS = {
    "conv": ({"name", "type", "C", "M", "H", "W", "R", "S"},
             {"stride", "pad", "dilation", "groups", "N"}),
    "fc": ({"name", "type", "C", "M"}, {"N"}),
    "pool": ({"name", "type", "C", "H", "W", "R", "S"},
             {"stride", "pad", "op", "N"}),
    "eltwise": ({"name", "type", "C", "H", "W"}, {"N"}),
}


class ParseError(Exception):
    pass


# --------------------------------------------------------------------------
# Tiny YAML-subset parser
# --------------------------------------------------------------------------

def strip_comment(line):
    """Remove a '#' comment that is outside quotes (YAML: '#' must start the
    line or follow whitespace)."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


def split_top(text, sep=","):
    """Split on sep at bracket depth 0 and outside quotes."""
    parts, depth, quote, cur = [], 0, None, []
    for ch in text:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if quote or depth:
        raise ParseError("unbalanced quotes or brackets in: " + text)
    tail = "".join(cur)
    if tail.strip() or parts:
        parts.append(tail)
    return parts


def scalar(text):
    t = text.strip()
    if not t:
        return None
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'":
        return t[1:-1]
    if t.startswith("["):
        if not t.endswith("]"):
            raise ParseError("bad list: " + t)
        inner = t[1:-1].strip()
        return [scalar(x) for x in split_top(inner)] if inner else []
    if t.startswith("{"):
        return flow_map(t)
    try:
        return int(t)
    except ValueError:
        return t


def key_value(text):
    k, sep, v = text.partition(":")
    if not sep:
        raise ParseError("expected 'key: value', got: " + text.strip())
    k = k.strip()
    if not k:
        raise ParseError("empty key in: " + text.strip())
    return k, scalar(v)


def flow_map(text):
    t = text.strip()
    if not (t.startswith("{") and t.endswith("}")):
        raise ParseError("bad flow mapping: " + t)
    out = {}
    for item in split_top(t[1:-1]):
        if not item.strip():
            continue
        k, v = key_value(item)
        if k in out:
            raise ParseError("duplicate key '%s' in: %s" % (k, t))
        out[k] = v
    return out


def parse_network(path):
    with open(path) as f:
        raw = f.read().splitlines()
    doc, layers, cur = {}, None, None
    for lineno, line in enumerate(raw, 1):
        try:
            s = strip_comment(line).rstrip()
            if not s.strip():
                continue
            indent = len(s) - len(s.lstrip())
            body = s.strip()
            if indent == 0:
                cur = None
                k, v = key_value(body)
                if k in doc:
                    raise ParseError("duplicate top-level key '%s'" % k)
                if k == "layers":
                    if v not in (None, []):
                        raise ParseError("'layers:' must be followed by a block list")
                    layers = []
                    v = layers
                doc[k] = v
            elif body.startswith("- ") or body == "-":
                if layers is None:
                    raise ParseError("list item outside 'layers:'")
                item = body[1:].strip()
                if item.startswith("{"):
                    layers.append(flow_map(item))
                    cur = None
                else:
                    cur = {}
                    layers.append(cur)
                    if item:
                        k, v = key_value(item)
                        cur[k] = v
            else:
                if cur is None:
                    raise ParseError("unexpected indented line")
                k, v = key_value(body)
                if k in cur:
                    raise ParseError("duplicate key '%s'" % k)
                cur[k] = v
        except ParseError as e:
            raise ParseError("%s:%d: %s" % (path, lineno, e))
    return doc


# --------------------------------------------------------------------------
# Shape / MAC arithmetic
# --------------------------------------------------------------------------

def pair(v, what):
    if isinstance(v, int):
        return v, v
    if isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) for x in v):
        return v[0], v[1]
    raise ParseError("%s must be an int or [h, w], got %r" % (what, v))


def pads(pad, H, W, R, S, sh, sw, dil):
    """Return (top, bottom, left, right)."""
    if isinstance(pad, int):
        return pad, pad, pad, pad
    if isinstance(pad, list) and len(pad) == 4 and all(isinstance(x, int) for x in pad):
        return tuple(pad)
    if pad == "valid":
        return 0, 0, 0, 0
    if pad == "same":  # TensorFlow convention: output = ceil(in / stride)
        def tf(n, k, s):
            out = -(-n // s)
            total = max((out - 1) * s + dil * (k - 1) + 1 - n, 0)
            return total // 2, total - total // 2
        t, b = tf(H, R, sh)
        l, r = tf(W, S, sw)
        return t, b, l, r
    raise ParseError("pad must be int, [t, b, l, r], 'same' or 'valid', got %r" % (pad,))


def out_size(n, k, s, p0, p1, dil=1):
    num = n + p0 + p1 - dil * (k - 1) - 1
    if num < 0:
        raise ParseError("filter larger than padded input (%d + %d + %d < %d)"
                         % (n, p0, p1, dil * (k - 1) + 1))
    return num // s + 1


def analyse(doc, path):
    for k in doc:
        if k not in TOP_KEYS:
            raise ParseError("%s: unknown top-level key '%s'" % (path, k))
    for k in ("network", "layers"):
        if k not in doc:
            raise ParseError("%s: missing top-level key '%s'" % (path, k))
    stem = os.path.splitext(os.path.basename(path))[0]
    warnings = []
    if doc["network"] != stem:
        warnings.append("network name '%s' differs from file stem '%s'" % (doc["network"], stem))

    rows, names = [], set()
    produced = set()          # (C, H, W) tensors produced so far (for shape-chain check)
    for idx, L in enumerate(doc["layers"]):
        where = "%s: layer %d" % (path, idx)
        if not isinstance(L, dict):
            raise ParseError(where + ": not a mapping")
        t = L.get("type")
        if t not in LAYER_KEYS:
            raise ParseError("%s: bad type %r" % (where, t))
        req, opt = LAYER_KEYS[t]
        missing = req - set(L)
        unknown = set(L) - req - opt
        if missing:
            raise ParseError("%s (%s): missing keys %s" % (where, L.get("name"), sorted(missing)))
        if unknown:
            raise ParseError("%s (%s): unknown keys %s" % (where, L.get("name"), sorted(unknown)))
        name = L["name"]
        if name in names:
            raise ParseError("%s: duplicate layer name '%s'" % (where, name))
        names.add(name)
        for k in req | opt:
            if k in ("name", "type", "stride", "pad", "op") or k not in L:
                continue
            if not isinstance(L[k], int) or L[k] <= 0:
                raise ParseError("%s (%s): %s must be a positive int" % (where, name, k))
        N = L.get("N", 1)

        if t == "fc":
            C, M = L["C"], L["M"]
            P = Q = 1
            macs = N * M * C
            if idx > 0 and not any(c * h * w == C for (c, h, w) in produced):
                warnings.append("%s: fc input C=%d matches no flattened earlier output" % (name, C))
            produced.add((M, 1, 1))
            rows.append((name, t, C, M, 1, 1, 1, 1, 1, P, Q, macs))
            continue

        C, H, W = L["C"], L["H"], L["W"]
        if idx == 0:
            produced.add((C, H, W))
        elif (C, H, W) not in produced:
            warnings.append("%s: input %dx%dx%d matches no earlier output" % (name, C, H, W))

        if t == "eltwise":
            rows.append((name, t, C, C, H, W, 1, 1, 1, H, W, 0))
            produced.add((C, H, W))
            continue

        R, S = L["R"], L["S"]
        sh, sw = pair(L.get("stride", 1), "stride")
        if sh <= 0 or sw <= 0:
            raise ParseError("%s (%s): stride must be positive" % (where, name))
        dil = L.get("dilation", 1)
        pt, pb, pl, pr = pads(L.get("pad", 0), H, W, R, S, sh, sw, dil)
        try:
            P = out_size(H, R, sh, pt, pb, dil)
            Q = out_size(W, S, sw, pl, pr, dil)
        except ParseError as e:
            raise ParseError("%s (%s): %s" % (where, name, e))

        if t == "pool":
            if "op" in L and L["op"] not in ("max", "avg"):
                raise ParseError("%s (%s): op must be max or avg" % (where, name))
            rows.append((name, t, C, C, H, W, R, S, 1, P, Q, 0))
            produced.add((C, P, Q))
            continue

        M = L["M"]
        g = L.get("groups", 1)
        if C % g or M % g:
            raise ParseError("%s (%s): C=%d and M=%d must be divisible by groups=%d"
                             % (where, name, C, M, g))
        macs = N * M * P * Q * (C // g) * R * S
        rows.append((name, t, C, M, H, W, R, S, g, P, Q, macs))
        produced.add((M, P, Q))
    return rows, warnings


def main(argv):
    quiet = False
    files = []
    for a in argv[1:]:
        if a in ("-q", "--quiet"):
            quiet = True
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            files.append(a)
    if not files:
        print(__doc__, file=sys.stderr)
        return 2

    status = 0
    summary = []
    for path in files:
        try:
            doc = parse_network(path)
            rows, warnings = analyse(doc, path)
        except (ParseError, OSError) as e:
            print("ERROR: %s" % e, file=sys.stderr)
            status = 1
            continue
        conv = sum(r[11] for r in rows if r[1] == "conv")
        fcm = sum(r[11] for r in rows if r[1] == "fc")
        nconv = sum(1 for r in rows if r[1] == "conv")
        nfc = sum(1 for r in rows if r[1] == "fc")
        if not quiet:
            print("== %s (%s): %s" % (doc["network"], path, doc.get("description", "")))
            print("%-18s %-7s %5s %5s %4s %4s %2s %2s %5s %4s %4s %15s"
                  % ("layer", "type", "C", "M", "H", "W", "R", "S", "grp", "P", "Q", "MACs"))
            for r in rows:
                print("%-18s %-7s %5d %5d %4d %4d %2d %2d %5d %4d %4d %15s"
                      % (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                         "{:,}".format(r[11])))
            print("conv layers: %d, fc layers: %d" % (nconv, nfc))
            print("conv-only MACs: {:,}".format(conv))
            print("fc MACs:        {:,}".format(fcm))
            print("total MACs:     {:,}".format(conv + fcm))
            for w in warnings:
                print("WARNING: " + w)
            print()
        else:
            for w in warnings:
                print("WARNING: %s: %s" % (path, w), file=sys.stderr)
        summary.append((doc["network"], nconv, nfc, conv, fcm, conv + fcm))

    if summary:
        print("%-16s %5s %4s %16s %14s %16s" % ("network", "conv", "fc", "conv MACs", "fc MACs", "total MACs"))
        for s in summary:
            print("%-16s %5d %4d %16s %14s %16s" % (s[0], s[1], s[2], "{:,}".format(s[3]),
                                                     "{:,}".format(s[4]), "{:,}".format(s[5])))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
