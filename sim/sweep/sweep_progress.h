#pragma once
// Progress of a sweep on stderr: rows done of the total, the rate and the time left. On a
// terminal a live line rewritten in place (at most ten times a second); otherwise, e.g. in a
// log file or a Slurm job's output, one line at each tenth of the way, so logs stay short.
#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace eyrie {

// "37/120 rows (30%), 4.2 rows/s, ETA 20s"
std::string progress_line(std::size_t done, std::size_t total, double elapsed_s);

class SweepProgress {
 public:
  SweepProgress(std::size_t total, std::ostream& out, bool live);
  void row_done();  // not thread-safe: the runner calls its sink under a lock
  void finish();    // ends the live line

 private:
  using Clock = std::chrono::steady_clock;
  double elapsed() const;
  std::size_t m_total, m_done = 0;
  std::ostream& m_out;
  bool m_live;
  int m_tenths = 0;  // tenths already reported (not live)
  Clock::time_point m_start = Clock::now(), m_drawn{};
};

}  // namespace eyrie
