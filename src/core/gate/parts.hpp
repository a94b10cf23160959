// The units of a statement (parts.cpp), for the gate's report of it (parse.cpp).
#pragma once

#include "duckdb/parser/statement/select_statement.hpp"

#include <string>

namespace qlake {

// One line per top-level CTE of `select`: "unit", "column" and "reads" lines for a unit, "not" for any other.
std::string UnitLines(duckdb::SelectStatement &select);

} // namespace qlake
