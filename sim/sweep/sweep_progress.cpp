#include "sim/sweep/sweep_progress.h"

#include <fmt/format.h>

namespace eyrie {

namespace {

std::string duration(double s) {
  if (s < 60) return fmt::format("{:.0f}s", s);
  const long whole = static_cast<long>(s);
  if (s < 3600) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{}h{:02}m", whole / 3600, whole / 60 % 60);
}

}  // namespace

std::string progress_line(std::size_t done, std::size_t total, double elapsed_s) {
  const double rate = elapsed_s > 0 ? static_cast<double>(done) / elapsed_s : 0;
  std::string s = fmt::format("{}/{} rows ({:.0f}%)", done, total, total ? 100.0 * done / total : 100.0);
  if (rate > 0) s += fmt::format(", {:.3g} rows/s", rate);
  if (done == total) return s + ", done in " + duration(elapsed_s);
  if (rate > 0) s += ", ETA " + duration(static_cast<double>(total - done) / rate);
  return s;
}

SweepProgress::SweepProgress(std::size_t total, std::ostream& out, bool live)
    : m_total(total), m_out(out), m_live(live) {}

double SweepProgress::elapsed() const { return std::chrono::duration<double>(Clock::now() - m_start).count(); }

void SweepProgress::row_done() {
  ++m_done;
  if (m_live) {
    const auto now = Clock::now();
    if (m_done < m_total && now - m_drawn < std::chrono::milliseconds(100)) return;
    m_drawn = now;
    m_out << "\r\033[Ksweep: " << progress_line(m_done, m_total, elapsed()) << std::flush;
    return;
  }
  const int tenths = m_total ? static_cast<int>(10 * m_done / m_total) : 10;
  if (tenths > m_tenths) {
    m_tenths = tenths;
    m_out << "sweep: " << progress_line(m_done, m_total, elapsed()) << "\n" << std::flush;
  }
}

void SweepProgress::finish() {
  if (m_live && m_done > 0) m_out << "\n" << std::flush;
}

}  // namespace eyrie
