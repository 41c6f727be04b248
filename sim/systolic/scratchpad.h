#pragma once
// SCALE-Sim v2's double-buffered scratchpads (memory/*.py), replayed request by request.
// Each is fed one demand row per cycle and answers the cycle the row is served in; the
// array stalls by the largest delay of the three. Rules and quirks: docs/SYSTOLIC.md.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/systolic/fold_schedule.h"

namespace eyrie::systolic {

// What a scratchpad exchanged with DRAM: words, and the first and last cycle of its trace.
struct DramActivity {
  std::int64_t words = 0;
  std::int64_t start_cycle = 0, stop_cycle = 0;
};

// CALC mode read scratchpad (read_buffer_estimate_bw.py): never stalls. It tracks the distinct
// words of a window of 50 "sets" of floor(size/100) words; a word not in the window is a DRAM
// read. When the window fills, it is fetched as one prefetch and a new window starts empty.
class CalcReadBuffer {
 public:
  CalcReadBuffer(std::int64_t size_words, std::int64_t operand_words);
  // Requests of one cycle (no nulls); returns the cycle they are served in.
  std::int64_t service(std::int64_t cycle, const std::int64_t* addr, std::size_t n);
  DramActivity finish();  // complete_all_prefetches

 private:
  void window_full(std::int64_t cycle);
  void emit(std::int64_t first, std::int64_t last);

  std::int64_t set_words_, window_words_;
  // Per word: the window it was last fetched in, modulo 2^8 (0: none since the last wrap);
  // one byte per word keeps the table in cache, the per-word cost of the replay.
  std::vector<std::uint8_t> window_of_;
  std::uint8_t window_ = 1;
  std::int64_t until_full_;  // misses left before the window is full
  std::int64_t inserted_ = 0, windows_done_ = 0;
  bool first_seen_ = false;
  std::int64_t first_cycle_ = 0;
  std::int64_t last_start_ = -2, last_end_ = -1;
  bool traced_ = false;
  DramActivity dram_;
};

// USER mode read scratchpad (read_buffer.py): the operand's prefetch order is cut into lines
// of ceil(size/100) words; the active half of the buffer holds a window of lines. A word
// outside it rotates the window by the prefetch half and issues a prefetch of
// ceil(prefetch/bw) bus lines of bw words, which arrives one cycle after the previous one
// ended; a request that needs it waits for it.
class UserReadBuffer {
 public:
  UserReadBuffer(std::int64_t size_words, std::int64_t bandwidth_words, const std::vector<std::int64_t>& prefetch_order,
                 std::int64_t prefetch_entries, std::int64_t operand_words);
  std::int64_t service(std::int64_t cycle, const std::int64_t* addr, std::size_t n);
  DramActivity finish() const { return dram_; }

 private:
  bool in_active_window(std::int64_t addr) const;
  void prefetch_active(std::int64_t start_cycle);
  void new_prefetch();

  std::int64_t bw_, active_words_, prefetch_words_, fetch_rows_;
  std::int64_t num_lines_ = 1, active_lines_ = 1, prefetch_lines_ = 0;
  std::vector<std::int64_t> line_start_;  // CSR: per word, the sorted lines holding it
  std::vector<std::int32_t> lines_;
  std::int64_t active_start_ = 0, active_end_ = 0;
  std::int64_t last_prefetch_cycle_ = -1;
  bool filled_ = false;
  DramActivity dram_;
};

// The ofmap scratchpad (write_buffer.py): words gather in lines of bw words; once more than
// the drain half is occupied, the gathered lines (a partial one forced closed) drain one line
// per cycle, ceil(drain/bw) lines at a time. A write that finds the buffer full while a drain
// runs waits for it. At the end everything left drains back to back.
class WriteBuffer {
 public:
  WriteBuffer(std::int64_t size_words, std::int64_t bandwidth_words);
  // `n` words written in `cycle` (which words does not change when they drain).
  std::int64_t service(std::int64_t cycle, std::size_t n);
  DramActivity finish(std::int64_t last_cycle);  // empty_all_buffers

 private:
  void close_line();
  std::int64_t drain(std::int64_t start_cycle);

  std::int64_t bw_, total_words_, active_words_, drain_words_;
  std::int64_t free_space_;
  std::int64_t line_fill_ = 0;
  std::vector<std::int32_t> line_words_;  // valid words of each closed line, in order
  std::size_t drain_line_ = 0;
  std::int64_t drain_end_cycle_ = 0;
  bool traced_ = false;
  DramActivity dram_;
};

// A read scratchpad (ifmap or filter) in the cfg's bandwidth mode, sized from the cfg.
class ReadScratchpad {
 public:
  ReadScratchpad(const GemmLayer& layer, const FoldGrid& grid, const SystolicArch& arch, Operand op);
  std::int64_t service(std::int64_t cycle, const std::int64_t* addr, std::size_t n) {
    return calc_ ? calc_->service(cycle, addr, n) : user_->service(cycle, addr, n);
  }
  DramActivity finish() { return calc_ ? calc_->finish() : user_->finish(); }

 private:
  std::unique_ptr<CalcReadBuffer> calc_;
  std::unique_ptr<UserReadBuffer> user_;
};

// The ofmap scratchpad of the cfg: its drain bus is one word per array column per cycle in
// CALC (single_layer_sim.py), the user's bandwidth in USER.
WriteBuffer ofmap_scratchpad(const SystolicArch& arch);

// The per-cycle services are inline: the replay calls them millions of times per layer.

inline std::int64_t CalcReadBuffer::service(std::int64_t cycle, const std::int64_t* addr, std::size_t n) {
  if (n > 0 && !first_seen_) {
    first_seen_ = true;
    first_cycle_ = cycle;
  }
  std::int64_t misses = 0, until_full = until_full_;
  for (std::size_t i = 0; i < n; ++i) {
    // A hit (already in the window's sets) or a miss, without a branch on which: hits and
    // misses interleave unpredictably; only a full window is rare enough to branch on.
    std::uint8_t& w = window_of_[static_cast<std::size_t>(addr[i])];
    const std::int64_t miss = w != window_;
    w = window_;
    misses += miss;
    until_full -= miss;
    if (until_full == 0) {
      inserted_ += misses;
      misses = 0;
      window_full(cycle);
      until_full = window_words_;
    }
  }
  inserted_ += misses;
  until_full_ = until_full;
  return cycle + 1;  // hit latency; estimate mode never stalls
}

inline std::int64_t WriteBuffer::service(std::int64_t cycle, std::size_t n) {
  // write_buffer.py checks after every word; words between two events only fill lines, so
  // they are taken in one step: up to the word that empties the buffer while a drain runs
  // (the row waits for the drain), or the word that pushes occupancy past the drain half
  // once no drain runs (a drain starts).
  std::int64_t current = cycle;
  std::int64_t left = static_cast<std::int64_t>(n);
  while (left > 0) {
    const bool draining = current < drain_end_cycle_;
    const std::int64_t until_event = draining ? std::max<std::int64_t>(free_space_, 1)
                                              : std::max<std::int64_t>(free_space_ - active_words_ + 1, 1);
    const std::int64_t take = std::min(left, until_event);
    free_space_ -= take;
    line_fill_ += take;
    while (line_fill_ >= bw_) {
      line_words_.push_back(static_cast<std::int32_t>(bw_));
      line_fill_ -= bw_;
    }
    left -= take;
    if (draining) {
      if (free_space_ <= 0) current = drain_end_cycle_;  // wait for the running drain
    } else if (free_space_ < active_words_) {
      if (line_fill_ > 0) close_line();
      drain_end_cycle_ = drain(current);
    }
  }
  return current;
}

}  // namespace eyrie::systolic
