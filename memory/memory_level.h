#pragma once
// The storage levels the memory model counts are the architecture's general form
// (ArchSpec::storage, sim/core/storage_spec.h); this header keeps the operand vocabulary the
// memory code shares with it.
#include "sim/core/arch_spec.h"
#include "sim/core/operand.h"
