#include "sim/report/workload_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/report/text_table.h"

namespace eyrie {

namespace {

std::string stride_text(const ConvLayer& l) {
  return l.stride_h == l.stride_w ? std::to_string(l.stride_h) : fmt::format("{}x{}", l.stride_h, l.stride_w);
}

std::string pad_text(const Padding& p) {
  if (p.top == p.bottom && p.bottom == p.left && p.left == p.right) return std::to_string(p.top);
  return fmt::format("{},{},{},{}", p.top, p.bottom, p.left, p.right);
}

std::string table(const Network& net) {
  TextTable t;
  t.add_column("layer", TextTable::Align::Left);
  t.add_column("type", TextTable::Align::Left);
  for (const char* h : {"N", "C", "M", "HxW", "RxS", "stride", "pad", "groups", "PxQ", "MACs"}) t.add_column(h);
  for (const auto& l : net.layers) {
    const bool w = l.has_macs();
    t.add_row({l.name, to_string(l.type), std::to_string(l.N), std::to_string(l.C),
               w ? std::to_string(l.M) : "", fmt::format("{}x{}", l.H, l.W),
               l.type == LayerType::Eltwise ? "" : fmt::format("{}x{}", l.R, l.S),
               l.type == LayerType::Eltwise ? "" : stride_text(l),
               l.type == LayerType::Eltwise ? "" : pad_text(l.pad), w ? std::to_string(l.groups) : "",
               fmt::format("{}x{}", l.P(), l.Q()), with_commas(l.macs())});
  }
  t.add_separator();
  t.add_row({"total", fmt::format("{} layers", net.layers.size()), "", "", "", "", "", "", "", "", "",
             with_commas(net.total_macs())});
  std::string head = fmt::format("network {}: {}\n", net.name, net.description);
  return head + t.render() +
         fmt::format("{} layers with MACs, {} MACs ({:.3f} G)\n", net.layers_with_macs(),
                     with_commas(net.total_macs()), net.total_macs() / 1e9);
}

std::string csv(const Network& net) {
  std::string out = "name,type,N,C,M,H,W,R,S,stride_h,stride_w,pad_top,pad_bottom,pad_left,pad_right,groups,P,Q,macs\n";
  for (const auto& l : net.layers)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_cell(l.name),
                       to_string(l.type), l.N, l.C, l.M, l.H, l.W, l.R, l.S, l.stride_h, l.stride_w,
                       l.pad.top, l.pad.bottom, l.pad.left, l.pad.right, l.groups, l.P(), l.Q(), l.macs());
  return out;
}

std::string json(const Network& net) {
  nlohmann::ordered_json j;
  j["network"] = net.name;
  j["layers"] = nlohmann::ordered_json::array();
  for (const auto& l : net.layers) {
    j["layers"].push_back({{"name", l.name},
                           {"type", to_string(l.type)},
                           {"N", l.N},
                           {"C", l.C},
                           {"M", l.M},
                           {"H", l.H},
                           {"W", l.W},
                           {"R", l.R},
                           {"S", l.S},
                           {"stride", {l.stride_h, l.stride_w}},
                           {"pad", {l.pad.top, l.pad.bottom, l.pad.left, l.pad.right}},
                           {"groups", l.groups},
                           {"P", l.P()},
                           {"Q", l.Q()},
                           {"macs", l.macs()}});
  }
  j["total_macs"] = net.total_macs();
  return j.dump(2) + "\n";
}

}  // namespace

std::string workload_report(const Network& net, Format format) {
  switch (format) {
    case Format::Table: return table(net);
    case Format::Csv: return csv(net);
    case Format::Json: return json(net);
  }
  return {};
}

}  // namespace eyrie
