#include "sim/systolic/scratchpad.h"

#include <algorithm>

#include "sim/core/error.h"

namespace eyrie::systolic {

namespace {
constexpr std::int64_t kCalcDefaultBandwidth = 10;  // single_layer_sim.py: "arbitrary" 10 words/cycle
constexpr std::int64_t kSetsPerWindow = 50;         // int(active_buf_frac 0.5 * 100) sets
std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }
}  // namespace

// ---------------------------------------------------------------- CALC read buffer

CalcReadBuffer::CalcReadBuffer(std::int64_t size_words, std::int64_t operand_words)
    : set_words_(size_words / 100),
      window_words_(kSetsPerWindow * (size_words / 100)),
      window_of_(static_cast<std::size_t>(operand_words), 0),
      until_full_(kSetsPerWindow * (size_words / 100)) {
  if (set_words_ <= 0) throw Error("read scratchpad of " + std::to_string(size_words) + " words: SCALE-Sim needs at least 100");
}

void CalcReadBuffer::emit(std::int64_t first, std::int64_t last) {
  // Prefetch rows are issued in cycles [first, last] and answered one cycle later (read_port).
  if (!traced_) dram_.start_cycle = first + 1;
  traced_ = true;
  dram_.stop_cycle = last + 1;
}

void CalcReadBuffer::window_full(std::int64_t cycle) {
  if (windows_done_ == 0) {
    // The first window is fetched before the first request, at the default bandwidth.
    last_end_ = first_cycle_ - 1 - 1;
    last_start_ = last_end_ - ceil_div(window_words_, kCalcDefaultBandwidth) + 1;
  } else if (last_end_ - last_start_ + 1 <= 0) {
    throw Error("CALC replay: two prefetch windows filled in one cycle (SCALE-Sim divides by zero here); enlarge the scratchpads");
  }
  emit(last_start_, last_end_);
  dram_.words += window_words_;
  ++windows_done_;
  if (++window_ == 0) {  // 8-bit stamps wrapped: forget them all (no word is in the new window)
    std::fill(window_of_.begin(), window_of_.end(), 0);
    window_ = 1;
  }
  last_start_ = last_end_ + 1;
  last_end_ = cycle;
}

DramActivity CalcReadBuffer::finish() {
  if (inserted_ == 0) throw Error("CALC replay: an operand with no request (SCALE-Sim fails here too)");
  if (windows_done_ == 0) {
    // Everything fits in the first window: fetched before cycle 0, ending at cycle -2.
    const std::int64_t sets = ceil_div(inserted_, set_words_);
    last_end_ = -2;
    last_start_ = last_end_ - ceil_div(sets * set_words_, kCalcDefaultBandwidth) + 1;
  }
  emit(last_start_, last_end_);
  dram_.words += inserted_ - windows_done_ * window_words_;
  return dram_;
}

// ---------------------------------------------------------------- USER read buffer

UserReadBuffer::UserReadBuffer(std::int64_t size_words, std::int64_t bw, const std::vector<std::int64_t>& order,
                               std::int64_t prefetch_entries, std::int64_t operand_words)
    : bw_(bw),
      active_words_(ceil_div(size_words, 2)),
      prefetch_words_(size_words - ceil_div(size_words, 2)),
      fetch_rows_(ceil_div(prefetch_entries, bw)) {
  // prepare_hashed_buffer: lines of ceil(size/100) valid entries (repeats counted), plus the
  // trailing, possibly empty, line.
  const std::int64_t line_words = ceil_div(size_words, 100);
  std::vector<std::int64_t> count(static_cast<std::size_t>(operand_words) + 1, 0);
  std::vector<std::pair<std::int64_t, std::int32_t>> hits;  // (addr, line)
  std::int64_t valid = 0;
  for (std::int64_t a : order) {
    if (a < 0) continue;
    hits.emplace_back(a, static_cast<std::int32_t>(valid / line_words));
    ++valid;
  }
  num_lines_ = valid / line_words + 1;
  for (const auto& h : hits) ++count[static_cast<std::size_t>(h.first) + 1];
  line_start_.assign(count.size(), 0);
  for (std::size_t i = 1; i < count.size(); ++i) line_start_[i] = line_start_[i - 1] + count[i];
  lines_.assign(hits.size(), 0);
  std::vector<std::int64_t> fill(line_start_.begin(), line_start_.end() - 1);
  for (const auto& h : hits) lines_[static_cast<std::size_t>(fill[static_cast<std::size_t>(h.first)]++)] = h.second;
  // Lines arrive in order, so each word's list is already sorted.
  const std::int64_t max_active = ceil_div(active_words_, line_words);
  const std::int64_t max_prefetch = ceil_div(prefetch_words_, line_words);
  active_lines_ = std::min(num_lines_, max_active);
  prefetch_lines_ = std::min(num_lines_ - active_lines_, max_prefetch);
}

bool UserReadBuffer::in_active_window(std::int64_t addr) const {
  const auto b = lines_.begin() + line_start_[static_cast<std::size_t>(addr)];
  const auto e = lines_.begin() + line_start_[static_cast<std::size_t>(addr) + 1];
  auto any_in = [&](std::int64_t lo, std::int64_t hi) {  // a line id in [lo, hi)
    const auto it = std::lower_bound(b, e, lo);
    return it != e && *it < hi;
  };
  if (active_start_ < active_end_) return any_in(active_start_, active_end_);
  return any_in(active_start_, num_lines_) || any_in(0, active_end_);
}

void UserReadBuffer::prefetch_active(std::int64_t start_cycle) {
  // prefetch_active_buffer: ceil(active/bw) bus lines (at most the whole fetch matrix),
  // answered in the cycles just before the first request.
  const std::int64_t n = std::min(ceil_div(active_words_, bw_), fetch_rows_);
  dram_.words += n * bw_;
  dram_.start_cycle = start_cycle - n;
  dram_.stop_cycle = start_cycle - 1;
  last_prefetch_cycle_ = start_cycle - 1;
  active_start_ = 0;
  active_end_ = active_lines_;
  filled_ = true;
}

void UserReadBuffer::new_prefetch() {
  active_start_ = (active_start_ + prefetch_lines_) % num_lines_;
  active_end_ = (active_start_ + active_lines_) % num_lines_;
  const std::int64_t n = ceil_div(prefetch_words_, bw_);
  dram_.words += n * bw_;
  // Requests in the cycles after the last response, each answered one cycle later.
  last_prefetch_cycle_ = last_prefetch_cycle_ + n + 1;
  dram_.stop_cycle = last_prefetch_cycle_;
}

std::int64_t UserReadBuffer::service(std::int64_t cycle, const std::int64_t* addr, std::size_t n) {
  if (!filled_) prefetch_active(cycle);
  std::int64_t offset = 1;  // hit latency
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t rotations = 0;
    while (!in_active_window(addr[i])) {
      if (++rotations > num_lines_ + 1)
        throw Error("USER replay: a requested word is in no prefetch line (internal inconsistency)");
      new_prefetch();
      const std::int64_t wait = last_prefetch_cycle_ - (cycle + offset);
      if (wait > 0) offset += wait;
    }
  }
  return cycle + offset;
}

// ---------------------------------------------------------------- write buffer

WriteBuffer::WriteBuffer(std::int64_t size_words, std::int64_t bw)
    : bw_(bw),
      total_words_(size_words),
      active_words_(ceil_div(size_words, 2)),
      drain_words_(size_words - ceil_div(size_words, 2)),
      free_space_(size_words) {}

void WriteBuffer::close_line() {
  line_words_.push_back(static_cast<std::int32_t>(line_fill_));
  line_fill_ = 0;
}

std::int64_t WriteBuffer::drain(std::int64_t start_cycle) {
  const std::size_t n = static_cast<std::size_t>(ceil_div(drain_words_, bw_));
  const std::size_t end = std::min(drain_line_ + n, line_words_.size());
  const std::int64_t lines = static_cast<std::int64_t>(end - drain_line_);
  // Every drained line counts bw words except the last, whose nulls are subtracted: a line
  // forced closed half-full in the middle of a drain counts as full (SCALE-Sim's accounting).
  const std::int64_t words = (lines - 1) * bw_ + line_words_[end - 1];
  dram_.words += words;
  free_space_ += words;
  if (!traced_) dram_.start_cycle = start_cycle;
  traced_ = true;
  dram_.stop_cycle = start_cycle + lines - 1;
  drain_line_ = end;
  return start_cycle + lines - 1;
}

DramActivity WriteBuffer::finish(std::int64_t cycle) {
  if (line_fill_ > 0) close_line();
  while (drain_line_ < line_words_.size()) {
    drain_end_cycle_ = drain(cycle);
    cycle = drain_end_cycle_ + 1;
  }
  return dram_;
}

// ---------------------------------------------------------------- from the cfg

ReadScratchpad::ReadScratchpad(const GemmLayer& l, const FoldGrid& g, const SystolicArch& a, Operand op) {
  const std::int64_t kb = op == Operand::Ifmap ? a.ifmap_sram_kb : a.filter_sram_kb;
  const std::int64_t operand_words = op == Operand::Ifmap ? l.ifmap_words() : l.filter_words();
  const std::int64_t words = 1024 * kb;  // word_size = 1 byte
  // The replay keeps a byte per operand word (CALC) or an index (USER): refuse what cannot fit.
  if (operand_words > (std::int64_t{1} << 32))
    throw Error(l.name + ": " + (op == Operand::Ifmap ? "ifmap" : "filter") + " of " + std::to_string(operand_words) +
                " words: too large to replay (at most 2^32)");
  if (a.mode == BandwidthMode::Calc) {
    calc_ = std::make_unique<CalcReadBuffer>(words, operand_words);
  } else {
    std::int64_t entries = 0;
    const std::vector<std::int64_t> order = prefetch_order(l, g, op, entries);
    user_ = std::make_unique<UserReadBuffer>(words, a.bandwidth_words, order, entries, operand_words);
  }
}

WriteBuffer ofmap_scratchpad(const SystolicArch& a) {
  return WriteBuffer(1024 * a.ofmap_sram_kb, a.mode == BandwidthMode::Calc ? a.cols : a.bandwidth_words);
}

}  // namespace eyrie::systolic
