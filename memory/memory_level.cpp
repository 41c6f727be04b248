#include "memory/memory_level.h"

namespace eyrie {

const char* to_string(Operand op) {
  switch (op) {
    case Operand::Weights: return "weights";
    case Operand::Inputs: return "inputs";
    case Operand::Outputs: return "outputs";
  }
  return "?";
}

std::vector<MemoryLevel> storage_hierarchy(const ArchSpec& arch) {
  std::vector<MemoryLevel> levels;

  MemoryLevel rf;
  rf.name = "register_file";
  rf.kind = StorageLevel::RegisterFile;
  rf.capacity_words.weights = arch.register_file.filter_words;
  rf.capacity_words.inputs = arch.register_file.ifmap_words;
  rf.capacity_words.outputs = arch.register_file.psum_words;
  rf.instances = arch.pe_array.pes();
  rf.read_words_per_cycle = 0;  // sized to feed the MAC every cycle
  levels.push_back(rf);

  MemoryLevel glb;
  glb.name = "global_buffer";
  glb.kind = StorageLevel::GlobalBuffer;
  const std::int64_t words = arch.global_buffer_words();
  glb.capacity_words = {words, words, words};
  glb.shared = true;
  glb.double_buffered = arch.global_buffer.double_buffered;
  glb.read_words_per_cycle = arch.global_buffer.read_words_per_cycle;
  glb.write_words_per_cycle = arch.global_buffer.write_words_per_cycle;
  levels.push_back(glb);

  MemoryLevel dram;
  dram.name = "dram";
  dram.kind = StorageLevel::Dram;
  dram.capacity_words = {-1, -1, -1};
  dram.shared = true;
  const double words_per_cycle = arch.dram_bytes_per_cycle() / static_cast<double>(arch.word_bytes());
  dram.read_words_per_cycle = dram.write_words_per_cycle = words_per_cycle;
  levels.push_back(dram);
  return levels;
}

}  // namespace eyrie
