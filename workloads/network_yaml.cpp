// Reads the network YAML schema (see workloads/networks/*.yaml):
//   network: NAME
//   description: TEXT
//   layers:
//     - {name: conv1, type: conv, C: 3, M: 64, H: 224, W: 224, R: 7, S: 7, stride: 2, pad: 3}
#include <set>

#include "sim/core/config_node.h"
#include "workloads/network.h"

namespace eyrie {

namespace {

// An int or a [h, w] pair.
void read_pair(const ConfigNode& n, std::int64_t& h, std::int64_t& w) {
  if (n.is_sequence()) {
    const auto items = n.items();
    if (items.size() != 2) n.fail("must be an integer or a list [h, w]");
    h = items[0].as_positive_int();
    w = items[1].as_positive_int();
  } else {
    h = w = n.as_positive_int();
  }
}

Padding read_padding(const ConvLayer& l, const ConfigNode& n) {
  if (n.is_sequence()) {
    const auto items = n.items();
    if (items.size() == 2) {
      const auto h = items[0].as_non_negative_int(), w = items[1].as_non_negative_int();
      return Padding{h, h, w, w};
    }
    if (items.size() == 4)
      return Padding{items[0].as_non_negative_int(), items[1].as_non_negative_int(),
                     items[2].as_non_negative_int(), items[3].as_non_negative_int()};
    n.fail("must be an integer, [h, w], [top, bottom, left, right], same or valid");
  }
  if (n.is_scalar()) {
    const std::string s = n.as_string();
    if (s == "same")
      return same_padding(l.H, l.W, l.R, l.S, l.stride_h, l.stride_w, l.dilation_h, l.dilation_w);
    if (s == "valid") return Padding{};
    if (s.find_first_not_of("0123456789-") != std::string::npos)
      n.fail("must be an integer, [h, w], [top, bottom, left, right], same or valid, got \"" + s + "\"");
    const auto p = n.as_non_negative_int();
    return Padding{p, p, p, p};
  }
  n.fail("must be an integer, [h, w], [top, bottom, left, right], same or valid");
}

ConvLayer read_layer(const ConfigNode& n) {
  n.require_map();
  ConvLayer l;
  l.name = n.get_string("name");
  const std::string type =
      n.has("type") ? n.at("type").as_choice({"conv", "fc", "pool", "eltwise"}) : "conv";
  if (type == "conv") {
    n.allow_only({"name", "type", "N", "C", "M", "H", "W", "R", "S", "stride", "pad", "dilation",
                  "groups"});
    l.type = LayerType::Conv;
    l.C = n.get_positive_int("C");
    l.M = n.get_positive_int("M");
    l.H = n.get_positive_int("H");
    l.W = n.get_positive_int("W");
    l.R = n.get_positive_int("R");
    l.S = n.get_positive_int("S");
    if (auto g = n.find("groups")) l.groups = g->as_positive_int();
  } else if (type == "fc") {
    n.allow_only({"name", "type", "N", "C", "M"});
    l.type = LayerType::FullyConnected;
    l.C = n.get_positive_int("C");
    l.M = n.get_positive_int("M");
  } else if (type == "pool") {
    n.allow_only({"name", "type", "N", "C", "H", "W", "R", "S", "stride", "pad", "op"});
    l.type = LayerType::Pool;
    l.C = l.M = n.get_positive_int("C");
    l.H = n.get_positive_int("H");
    l.W = n.get_positive_int("W");
    l.R = n.get_positive_int("R");
    l.S = n.get_positive_int("S");
    if (auto op = n.find("op")) op->as_choice({"max", "avg"});
  } else {
    n.allow_only({"name", "type", "N", "C", "H", "W"});
    l.type = LayerType::Eltwise;
    l.C = l.M = n.get_positive_int("C");
    l.H = n.get_positive_int("H");
    l.W = n.get_positive_int("W");
  }
  if (auto b = n.find("N")) l.N = b->as_positive_int();
  if (auto s = n.find("stride")) read_pair(*s, l.stride_h, l.stride_w);
  if (auto d = n.find("dilation")) read_pair(*d, l.dilation_h, l.dilation_w);
  if (auto p = n.find("pad")) l.pad = read_padding(l, *p);
  validate(l, n.where());
  return l;
}

Network read_network(const ConfigNode& root) {
  root.require_map();
  root.allow_only({"network", "description", "layers"});
  Network net;
  net.name = root.get_string("network");
  if (auto d = root.find("description")) net.description = d->as_string();
  net.source = root.file();
  const ConfigNode layers = root.at("layers");
  if (layers.is_null() || (layers.is_sequence() && layers.size() == 0))
    layers.fail("network has no layers");
  std::set<std::string> names;
  for (const ConfigNode& item : layers.items()) {
    ConvLayer l = read_layer(item);
    if (!names.insert(l.name).second) item.at("name").fail("duplicate layer name '" + l.name + "'");
    net.layers.push_back(std::move(l));
  }
  return net;
}

}  // namespace

Network load_network_yaml(const std::string& path) { return read_network(ConfigNode::load_file(path)); }

Network load_network_yaml_text(const std::string& text, const std::string& origin) {
  return read_network(ConfigNode::parse(text, origin));
}

}  // namespace eyrie
