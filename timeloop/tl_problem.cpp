#include "timeloop/tl_problem.h"

#include <map>
#include <set>

#include "sim/core/config_node.h"
#include "sim/core/error.h"
#include "timeloop/tl_checked.h"

namespace eyrie::tl {

namespace {

bool is_number(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }

// A term is [dim] or [dim, coefficient] (either order: the names tell which is which).
TlTerm read_term(const ConfigNode& n, const TlProblem& p, const std::map<std::string, std::int64_t>& coefs) {
  n.require_sequence();
  const auto parts = n.items();
  if (parts.empty() || parts.size() > 2) n.fail("a projection term is [dimension] or [dimension, coefficient]");
  TlTerm t;
  bool have_dim = false;
  for (const ConfigNode& part : parts) {
    const std::string s = part.as_string();
    if (p.dim_index(s) >= 0 && !have_dim) {
      t.dim = p.dim_index(s);
      have_dim = true;
    } else if (coefs.count(s) && t.coefficient.empty()) {
      t.coefficient = s;
      t.coefficient_value = coefs.at(s);
    } else if (is_number(s) && t.coefficient.empty()) {
      t.coefficient = s;
      t.coefficient_value = part.as_positive_int();
    } else {
      part.fail("\"" + s + "\" is neither a dimension nor a coefficient of this shape");
    }
  }
  if (!have_dim) n.fail("a projection term needs one dimension");
  return t;
}

TlProblem parse(const ConfigNode& root) {
  root.require_map();
  root.allow_only({"problem"});
  const ConfigNode prob = root.at("problem");
  prob.require_map();
  prob.allow_only({"version", "shape", "instance"});
  if (auto v = prob.find("version")) {
    const std::string ver = v->as_string();
    if (ver != "0.3" && ver != "0.4") v->fail("eyrie reads Timeloop problem versions 0.3 and 0.4");
  }
  TlProblem p;
  p.file = root.file();
  p.where = prob.where();
  const ConfigNode shape = prob.at("shape");
  shape.require_map();
  shape.allow_only({"name", "dimensions", "coefficients", "data_spaces"});
  if (auto n = shape.find("name")) p.shape_name = n->as_string();
  const ConfigNode dims = shape.at("dimensions");
  dims.require_sequence();
  for (const ConfigNode& d : dims.items()) {
    const std::string name = d.as_string();
    if (p.dim_index(name) >= 0) d.fail("dimension " + name + " listed twice");
    p.dims.push_back(name);
  }
  if (p.dims.empty()) dims.fail("must list at least one dimension");

  // Coefficients: defaults from the shape, values from the instance.
  std::map<std::string, std::int64_t> coefs;
  if (auto cl = shape.find("coefficients")) {
    cl->require_sequence();
    for (const ConfigNode& c : cl->items()) {
      c.require_map();
      c.allow_only({"name", "default"});
      const std::string name = c.at("name").as_string();
      if (p.dim_index(name) >= 0 || coefs.count(name)) c.at("name").fail("\"" + name + "\" is already a dimension or coefficient");
      coefs[name] = c.has("default") ? c.at("default").as_positive_int() : 1;
    }
  }
  const ConfigNode inst = prob.at("instance");
  inst.require_map();
  p.bounds.assign(p.dims.size(), 0);
  for (const std::string& key : inst.keys()) {
    const ConfigNode v = inst.at(key);
    if (key == "densities") {
      if (!v.is_null() && !(v.is_map() && v.size() == 0)) v.fail("densities (sparse tensors) are not modelled by eyrie");
    } else if (p.dim_index(key) >= 0) {
      p.bounds[p.dim_index(key)] = v.as_positive_int();
    } else if (coefs.count(key)) {
      coefs[key] = v.as_positive_int();
    } else if (key == "H" || key == "W" || key == "Hpad" || key == "Wpad") {
      p.annotations.push_back({key, key.size() == 1 ? v.as_positive_int() : v.as_non_negative_int(), v.where()});
    } else {
      v.fail("unknown key: not a dimension or coefficient of shape " + p.shape_name);
    }
  }
  std::int64_t ops = 1;
  for (std::size_t d = 0; d < p.dims.size(); ++d) {
    if (p.bounds[d] == 0) inst.fail("missing the bound of dimension " + p.dims[d]);
    ops = checked_mul(ops, p.bounds[d], inst.where(), "the product of the bounds (operations)");
  }

  const ConfigNode spaces = shape.at("data_spaces");
  spaces.require_sequence();
  for (const ConfigNode& s : spaces.items()) {
    s.require_map();
    s.allow_only({"name", "projection", "read_write"});
    TlDataSpace ds;
    ds.name = s.at("name").as_string();
    ds.where = s.where();
    if (p.data_space_index(ds.name) >= 0) s.at("name").fail("data space " + ds.name + " listed twice");
    if (auto rw = s.find("read_write")) ds.read_write = rw->as_bool();
    const ConfigNode proj = s.at("projection");
    proj.require_sequence();
    for (const ConfigNode& axis : proj.items()) {
      axis.require_sequence();
      std::vector<TlTerm> terms;
      for (const ConfigNode& t : axis.items()) terms.push_back(read_term(t, p, coefs));
      if (terms.empty()) axis.fail("a tensor axis needs at least one term");
      ds.projection.push_back(terms);
    }
    p.data_spaces.push_back(ds);
    p.tile_words(static_cast<int>(p.data_spaces.size()) - 1, p.bounds);  // the whole tensor must be countable
  }
  return p;
}

}  // namespace

int TlProblem::dim_index(const std::string& name) const {
  for (std::size_t i = 0; i < dims.size(); ++i)
    if (dims[i] == name) return static_cast<int>(i);
  return -1;
}

int TlProblem::data_space_index(const std::string& name) const {
  for (std::size_t i = 0; i < data_spaces.size(); ++i)
    if (data_spaces[i].name == name) return static_cast<int>(i);
  return -1;
}

std::int64_t TlProblem::operations() const {
  std::int64_t n = 1;
  for (std::int64_t b : bounds) n *= b;
  return n;
}

std::int64_t TlProblem::tile_words(int ds, const std::vector<std::int64_t>& extents) const {
  const TlDataSpace& s = data_spaces.at(ds);
  std::int64_t words = 1;
  for (const auto& axis : s.projection) {
    std::int64_t span = 1;
    for (const TlTerm& t : axis)
      span = checked_add(span, checked_mul(t.coefficient_value, extents.at(t.dim) - 1, s.where, "a tensor axis"), s.where, "a tensor axis");
    words = checked_mul(words, span, s.where, "the words of " + s.name);
  }
  return words;
}

TlConvView to_conv_layer(const TlProblem& p) {
  auto fail = [&](const std::string& why) -> void {
    throw Error(p.where + ": eyrie models convolution layers: " + why);
  };
  TlConvView v;
  v.role.assign(p.dims.size(), 0);
  int outputs = -1;
  for (std::size_t i = 0; i < p.data_spaces.size(); ++i)
    if (p.data_spaces[i].read_write) {
      if (outputs >= 0) fail("two read_write data spaces (" + p.data_spaces[outputs].name + ", " + p.data_spaces[i].name + ")");
      outputs = static_cast<int>(i);
    }
  if (p.data_spaces.size() != 3 || outputs < 0)
    fail("expected three data spaces, weights, inputs and one read_write output");
  auto sliding = [&](int ds) {
    for (const auto& axis : p.data_spaces[ds].projection)
      if (axis.size() > 1) return true;
    return false;
  };
  std::vector<int> others;
  for (int i = 0; i < 3; ++i)
    if (i != outputs) others.push_back(i);
  int inputs = -1;
  if (sliding(others[0]) != sliding(others[1]))
    inputs = sliding(others[0]) ? others[0] : others[1];
  else
    for (int i : others)
      if (p.data_spaces[i].name == "Inputs") inputs = i;
  if (inputs < 0 && !sliding(others[0]) && p.data_spaces[others[0]].name != "Weights" &&
      p.data_spaces[others[1]].name != "Weights")
    inputs = others[0];  // a GEMM: the first listed operand is the inputs
  if (inputs < 0) fail("cannot tell the inputs from the weights (name them Inputs and Weights)");
  const int weights = others[0] == inputs ? others[1] : others[0];
  if (sliding(weights) || sliding(outputs)) fail("only the inputs may have an axis that sums dimensions");
  v.weights = weights;
  v.inputs = inputs;
  v.outputs = outputs;

  // Where each dimension appears as a lone term.
  std::vector<std::set<int>> lone(p.dims.size());
  for (int ds = 0; ds < 3; ++ds)
    for (const auto& axis : p.data_spaces[ds].projection)
      if (axis.size() == 1) {
        if (axis[0].coefficient_value != 1)
          fail("axis of " + p.data_spaces[ds].name + " scales " + p.dims[axis[0].dim] + " by a coefficient");
        if (!lone[axis[0].dim].insert(ds).second) fail(p.dims[axis[0].dim] + " indexes two axes of " + p.data_spaces[ds].name);
      }
  std::int64_t stride[2] = {1, 1}, dilation[2] = {1, 1};
  std::string stride_name[2];
  int window = 0;
  auto assign = [&](int d, char role) {
    if (v.role[d]) fail(p.dims[d] + " plays two roles");
    for (std::size_t e = 0; e < v.role.size(); ++e)
      if (v.role[e] == role) fail(p.dims[e] + " and " + p.dims[d] + " both play " + std::string(1, role));
    v.role[d] = role;
  };
  for (const auto& axis : p.data_spaces[inputs].projection) {
    if (axis.size() == 1) continue;
    if (axis.size() != 2 || window == 2) fail("an input axis is output + filter (at most two such axes: rows, cols)");
    const bool first_is_output = lone[axis[0].dim].count(outputs) > 0;
    const TlTerm& out = first_is_output ? axis[0] : axis[1];
    const TlTerm& filt = first_is_output ? axis[1] : axis[0];
    if (lone[out.dim] != std::set<int>{outputs} || lone[filt.dim] != std::set<int>{weights})
      fail("input axis " + p.dims[axis[0].dim] + "+" + p.dims[axis[1].dim] +
           " must sum an output-only dimension and a weights-only dimension");
    assign(out.dim, window == 0 ? 'P' : 'Q');
    assign(filt.dim, window == 0 ? 'R' : 'S');
    stride[window] = out.coefficient_value;
    stride_name[window] = out.coefficient;
    dilation[window] = filt.coefficient_value;
    ++window;
  }
  for (std::size_t d = 0; d < p.dims.size(); ++d) {
    if (v.role[d]) continue;
    const std::set<int>& in = lone[d];
    const int i = static_cast<int>(d);
    if (in == std::set<int>{weights, outputs}) assign(i, 'M');
    else if (in == std::set<int>{weights, inputs}) assign(i, 'C');
    else if (in == std::set<int>{inputs, outputs}) assign(i, 'N');
    else if (in.size() == 3) fail(p.dims[d] + " indexes every data space (groups): give one group's shape");
    else fail(p.dims[d] + " is not a batch, channel, output or filter dimension of a convolution");
  }
  ConvLayer& L = v.layer;
  L.name = p.shape_name;
  auto bound = [&](char role) -> std::int64_t {
    for (std::size_t d = 0; d < p.dims.size(); ++d)
      if (v.role[d] == role) return p.bounds[d];
    return 1;
  };
  L.N = bound('N');
  L.M = bound('M');
  L.C = bound('C');
  L.R = bound('R');
  L.S = bound('S');
  L.stride_h = stride[0];
  L.stride_w = stride[1];
  L.dilation_h = dilation[0];
  L.dilation_w = dilation[1];
  L.H = (bound('P') - 1) * L.stride_h + (L.R - 1) * L.dilation_h + 1;
  L.W = (bound('Q') - 1) * L.stride_w + (L.S - 1) * L.dilation_w + 1;
  // An annotated axis: its stride coefficient is named after it ("Wstride" with W, Wpad).
  std::vector<bool> used(p.annotations.size(), false);
  for (int axis = 0; axis < window; ++axis) {
    const std::string& c = stride_name[axis];
    if (c.size() != 7 || c.compare(1, 6, "stride") != 0) continue;
    const std::string letter = c.substr(0, 1);
    std::int64_t size = 0, pad = 0;
    std::string size_where;
    for (std::size_t k = 0; k < p.annotations.size(); ++k) {
      if (p.annotations[k].key == letter) size = p.annotations[k].value, size_where = p.annotations[k].where, used[k] = true;
      if (p.annotations[k].key == letter + "pad") pad = p.annotations[k].value, used[k] = true;
    }
    if (size == 0) continue;
    const std::int64_t out = bound(axis == 0 ? 'P' : 'Q');
    const std::int64_t filter = axis == 0 ? L.R : L.S;
    const std::int64_t span = (filter - 1) * dilation[axis] + 1;
    const std::int64_t got = size + 2 * pad < span ? 0 : (size + 2 * pad - span) / stride[axis] + 1;
    if (got != out)
      throw Error(size_where + ": " + letter + " " + std::to_string(size) + " with " + letter + "pad " + std::to_string(pad) +
                  " gives " + std::to_string(got) + " outputs along the axis of " + c + ", the problem has " + std::to_string(out));
    (axis == 0 ? L.H : L.W) = size;
    if (axis == 0) L.pad.top = L.pad.bottom = pad;
    else L.pad.left = L.pad.right = pad;
  }
  for (std::size_t k = 0; k < p.annotations.size(); ++k)
    if (!used[k])
      throw Error(p.annotations[k].where + ": " + p.annotations[k].key + " names no input axis (its stride coefficient is " +
                  p.annotations[k].key.substr(0, 1) + "stride)");
  validate(L, p.where);
  return v;
}

TlProblem load_tl_problem(const std::string& path) { return parse(ConfigNode::load_file(path)); }
TlProblem parse_tl_problem_text(const std::string& text, const std::string& origin) {
  return parse(ConfigNode::parse(text, origin));
}

}  // namespace eyrie::tl
