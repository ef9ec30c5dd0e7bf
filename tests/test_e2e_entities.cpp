// End to end: test_e2e_entities (being written).
#include <doctest/doctest.h>
