// SCALE-Sim's reports print floats with Python's repr(); these are repr()'s own outputs.
#include <gtest/gtest.h>

#include "sim/systolic/scalesim_report.h"

using eyrie::systolic::python_float;

TEST(PythonFloat, PrintsAsPythonRepr) {
  EXPECT_EQ(python_float(33.0), "33.0");
  EXPECT_EQ(python_float(-3243.0), "-3243.0");
  EXPECT_EQ(python_float(100.0), "100.0");
  EXPECT_EQ(python_float(0.0), "0.0");
  EXPECT_EQ(python_float(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(python_float(94.53125), "94.53125");
  EXPECT_EQ(python_float(0.0001), "0.0001");
  EXPECT_EQ(python_float(0.00001), "1e-05");
  EXPECT_EQ(python_float(0.000123), "0.000123");
  EXPECT_EQ(python_float(1.5e-7), "1.5e-07");
  EXPECT_EQ(python_float(1e15), "1000000000000000.0");
  EXPECT_EQ(python_float(1e16), "1e+16");
  EXPECT_EQ(python_float(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(python_float(2.0 / 3.0), "0.6666666666666666");
}
