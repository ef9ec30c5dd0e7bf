// End to end: test_e2e_formats (being written).
#include <doctest/doctest.h>
