// Which common table expressions of a statement can be computed from partial aggregates of one table's files, and
// the two statements that do it, written by DuckDB from trees it parsed (src/core/engine/partials.rs runs them).
//
// A CTE is such a unit when its rows are a sum over that table's rows: one SELECT whose FROM is that table (at most
// once) joined to other tables only where a join keeps each of its rows apart (inner joins, and the left side of a
// left join), whose expressions are row by row (columns, constants, operators, CASE, casts: no function that could
// answer otherwise at another time, no subquery, no parameter), grouped by keys it also outputs, and whose other
// outputs are aggregates that combine over parts: count, sum, min, max, bool_and, bool_or, without DISTINCT or
// ORDER BY (a FILTER is row by row too). Then the CTE over all of the table's files is the same aggregate over the
// union of its result over each file, and the result of each file can be remembered by the file's identity.
//
// qlake::UnitLines(statement), which the gate's report of a statement includes (parse.cpp), says one line each
// (tab-separated, escaped as the gate's lines are):
//   unit <cte> <table>            a unit, and the table split by file
//   column <cte> <name> <kind>    each output, in order: key, count, sum, min, max, bool_and or bool_or
//   reads <cte> <table>           each table the unit names
//   not <cte> <why>               a CTE that is not a unit, and why
//   error <message>               the text does not parse as one SELECT
// qlake_part_plan(sql, file column, then cte, scan, table and "narrow" or "whole" for each unit) says, for each unit,
// "partial <cte> <text>", the unit's query with its table read by `scan`'s table function (the files whose parts are
// wanted), the file's name the first output and a key, and "shape <cte> <text>", the same with no rows; then
// "combined <text>", the statement with each unit's query replaced by the aggregate, over its `table` (the parts, each
// output in a column of its name), of its parts. Else "no <why>".
//
// "narrow" (a few new files of a large table): each other table that only rows matching the scanned ones can reach
// is read as only its rows whose column equals one of the scanned files' values (a semi join on their distinct
// values). Such a table is joined by an equality between its column and the split table's, both qualified, a
// conjunct of an inner join's condition, or of a left join's (not USING) with the split table on the left and it on
// the right; it is the only FROM item of its name, and the split table's name is used once. Its rows left out match
// no scanned row there, so the join's result is the same; DuckDB then builds its lookup on those values instead of
// on the whole other table (after an import at 100M, 806,482 new enterprises against the 1M projects:
// docs/performance.md).

#include "parts.hpp"
#include "shim.hpp"

#include "duckdb/common/enums/statement_type.hpp"
#include "duckdb/parser/expression/cast_expression.hpp"
#include "duckdb/parser/expression/columnref_expression.hpp"
#include "duckdb/parser/expression/comparison_expression.hpp"
#include "duckdb/parser/expression/conjunction_expression.hpp"
#include "duckdb/parser/expression/constant_expression.hpp"
#include "duckdb/parser/expression/function_expression.hpp"
#include "duckdb/parser/expression/operator_expression.hpp"
#include "duckdb/parser/expression/star_expression.hpp"
#include "duckdb/parser/literal.hpp"
#include "duckdb/parser/parsed_expression_iterator.hpp"
#include "duckdb/parser/parser.hpp"
#include "duckdb/parser/query_node/select_node.hpp"
#include "duckdb/parser/result_modifier.hpp"
#include "duckdb/parser/statement/select_statement.hpp"
#include "duckdb/parser/tableref/list.hpp"

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using qlake::Copy;
using qlake::Escape;

struct Output {
	std::string name;
	std::string kind;
	// Whether the query names it (else it is a column's, named as DuckDB names that column).
	bool aliased;
};

// The column of a part that names its file (`FILE_COLUMN` in partials.rs): a unit may not name it.
const char *const FILE_COLUMN = "_qlake_file";

// The tables a unit reads, by name and alias (lowercased): a bare name of one is the whole row as a struct, which
// reads otherwise once the table is a scan of its files.
using Names = std::set<std::string>;

// What makes a CTE a unit.
struct Unit {
	// The split table's reference in the tree analysed, and the slot that holds it (to be replaced).
	duckdb::unique_ptr<duckdb::TableRef> *split = nullptr;
	std::string table;
	std::vector<std::string> reads;
	std::vector<Output> outputs;
};

std::string Lower(const std::string &text) {
	return duckdb::StringUtil::Lower(text);
}

// The names DuckDB's binder reads as a function of the session or the clock when no column has them
// (ColumnQualifier's GetSQLValueFunctionName): `WHERE founded < current_date` is no sum over rows.
bool SessionValue(duckdb::ColumnRefExpression &column) {
	static const char *const NAMES[] = {"current_catalog", "current_date",      "current_schema", "current_role",
	                                    "current_time",    "current_timestamp", "current_user",   "localtime",
	                                    "localtimestamp",  "session_user",      "user"};
	if (column.ColumnNames().size() != 1) {
		return false;
	}
	for (auto name : NAMES) {
		if (duckdb::StringUtil::CIEquals(column.ColumnNames()[0].GetIdentifierName(), name)) {
			return true;
		}
	}
	return false;
}

// Whether `column` names only a column of the unit's tables, as it does whatever reads the tables.
bool PlainColumn(duckdb::ColumnRefExpression &column, const Names &tables) {
	if (SessionValue(column)) {
		return false;
	}
	for (auto &part : column.ColumnNames()) {
		if (duckdb::StringUtil::CIEquals(part.GetIdentifierName(), FILE_COLUMN)) {
			return false;
		}
	}
	return column.ColumnNames().size() != 1 || !tables.count(Lower(column.ColumnNames()[0].GetIdentifierName()));
}

// Whether `expr` is worked out from one row alone, the same at every time.
bool RowLevel(duckdb::ParsedExpression &expr, const Names &tables) {
	switch (expr.GetExpressionClass()) {
	case duckdb::ExpressionClass::COLUMN_REF:
		if (!PlainColumn(expr.Cast<duckdb::ColumnRefExpression>(), tables)) {
			return false;
		}
		break;
	case duckdb::ExpressionClass::CONSTANT:
	case duckdb::ExpressionClass::COMPARISON:
	case duckdb::ExpressionClass::CONJUNCTION:
	case duckdb::ExpressionClass::OPERATOR:
	case duckdb::ExpressionClass::CASE:
	case duckdb::ExpressionClass::CAST:
	case duckdb::ExpressionClass::BETWEEN:
	case duckdb::ExpressionClass::TYPE:
		break;
	case duckdb::ExpressionClass::FUNCTION:
		// Operators (+, ||, LIKE, …) only: a named function may read the clock, a setting or a random source.
		if (!expr.Cast<duckdb::FunctionExpression>().IsOperator()) {
			return false;
		}
		break;
	default:
		return false;
	}
	bool all = true;
	duckdb::ParsedExpressionIterator::EnumerateChildren(expr, [&](duckdb::ParsedExpression &child) {
		all = all && RowLevel(child, tables);
	});
	return all;
}

bool RowLevel(duckdb::unique_ptr<duckdb::ParsedExpression> &expr, const Names &tables) {
	return !expr || RowLevel(*expr, tables);
}

// The kind of an aggregate whose parts combine, or empty.
std::string AggregateKind(duckdb::ParsedExpression &expr, const Names &tables) {
	if (expr.GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) {
		return "";
	}
	auto &call = expr.Cast<duckdb::FunctionExpression>();
	auto &name = call.GetQualifiedName();
	if (call.IsOperator() || !name.Catalog().GetIdentifierName().empty() ||
	    !name.Schema().GetIdentifierName().empty() || call.Distinct() || call.ExportState() ||
	    (call.OrderBy() && !call.OrderBy()->orders.empty())) {
		return "";
	}
	auto &arguments = call.GetArgumentsMutable();
	for (auto &argument : arguments) {
		if (argument.HasName() || !RowLevel(argument.GetExpressionMutable(), tables)) {
			return "";
		}
	}
	if (!RowLevel(call.FilterMutable(), tables)) {
		return "";
	}
	auto function = Lower(name.Name().GetIdentifierName());
	if (function == "count_star" || (function == "count" && arguments.empty())) {
		return arguments.empty() ? "count" : "";
	}
	if (arguments.size() != 1) {
		return "";
	}
	if (function == "count" || function == "sum" || function == "min" || function == "max" ||
	    function == "bool_and" || function == "bool_or") {
		return function;
	}
	return "";
}

struct Leaf {
	duckdb::unique_ptr<duckdb::TableRef> *slot;
	std::string name;
	std::string alias;
	bool apart;
};

// The tables of a FROM clause, and its join conditions; `apart`: a row of the table stays a row of its own through
// every join above it.
std::string Leaves(duckdb::unique_ptr<duckdb::TableRef> &slot, bool apart, std::vector<Leaf> &leaves,
                   std::vector<duckdb::unique_ptr<duckdb::ParsedExpression> *> &conditions) {
	auto &ref = *slot;
	if (ref.sample) {
		return "a sample";
	}
	switch (ref.type) {
	case duckdb::TableReferenceType::BASE_TABLE: {
		auto &table = ref.Cast<duckdb::BaseTableRef>();
		auto &name = table.GetQualifiedName();
		if (!name.Catalog().GetIdentifierName().empty() || !name.Schema().GetIdentifierName().empty()) {
			return "a qualified table name";
		}
		if (table.at_clause || !table.column_name_alias.empty()) {
			return "a table read AT a version or with column aliases";
		}
		leaves.push_back(Leaf {&slot, name.Name().GetIdentifierName(), table.alias.GetIdentifierName(), apart});
		return "";
	}
	case duckdb::TableReferenceType::JOIN: {
		auto &join = ref.Cast<duckdb::JoinRef>();
		if ((join.ref_type != duckdb::JoinRefType::REGULAR && join.ref_type != duckdb::JoinRefType::CROSS) ||
		    !join.left || !join.right || !join.duplicate_eliminated_columns.empty() || join.ranking_expression) {
			return "a join other than inner, cross or left";
		}
		bool right_apart;
		if (join.type == duckdb::JoinType::INNER) {
			right_apart = apart;
		} else if (join.type == duckdb::JoinType::LEFT) {
			right_apart = false;
		} else {
			return "a join other than inner, cross or left";
		}
		conditions.push_back(&join.condition);
		auto left = Leaves(join.left, apart, leaves, conditions);
		if (!left.empty()) {
			return left;
		}
		return Leaves(join.right, right_apart, leaves, conditions);
	}
	default:
		return "a FROM item that is not a table or a join";
	}
}

// Why `node` (a CTE's query) is not a unit, or empty with `unit` filled in. `ctes`: the statement's CTE names, which
// the unit may not read (what they read is not known here).
std::string Analyse(duckdb::QueryNode &query, const std::set<std::string> &ctes, Unit &unit) {
	if (query.type != duckdb::QueryNodeType::SELECT_NODE) {
		return "not one SELECT";
	}
	auto &node = query.Cast<duckdb::SelectNode>();
	if (!node.cte_map.map.empty() || !node.modifiers.empty() || node.having || node.qualify || node.sample ||
	    node.aggregate_handling != duckdb::AggregateHandling::STANDARD_HANDLING) {
		return "a WITH, HAVING, QUALIFY, SAMPLE, ORDER BY, LIMIT, DISTINCT or GROUP BY ALL";
	}
	if (!node.from_table) {
		return "no FROM";
	}
	std::vector<Leaf> leaves;
	std::vector<duckdb::unique_ptr<duckdb::ParsedExpression> *> conditions;
	auto from = Leaves(node.from_table, true, leaves, conditions);
	if (!from.empty()) {
		return from;
	}
	Names tables;
	for (auto &leaf : leaves) {
		tables.insert(Lower(leaf.name));
		if (!leaf.alias.empty()) {
			tables.insert(Lower(leaf.alias));
		}
	}
	for (auto condition : conditions) {
		if (!RowLevel(*condition, tables)) {
			return "a join condition that is not row by row";
		}
	}
	auto &groups = node.groups;
	if (groups.grouping_sets.size() > 1 ||
	    (groups.grouping_sets.size() == 1 && groups.grouping_sets[0].size() != groups.group_expressions.size())) {
		return "grouping sets";
	}
	for (auto &group : groups.group_expressions) {
		// A constant in GROUP BY is a position in the select list.
		if (group->GetExpressionClass() == duckdb::ExpressionClass::CONSTANT || !RowLevel(*group, tables)) {
			return "a GROUP BY that is not row by row";
		}
	}
	if (!RowLevel(node.where_clause, tables)) {
		return "a WHERE that is not row by row";
	}
	for (auto &leaf : leaves) {
		if (ctes.count(Lower(leaf.name))) {
			return "it reads the CTE " + leaf.name;
		}
		unit.reads.push_back(leaf.name);
	}
	for (auto &leaf : leaves) {
		size_t named = 0;
		for (auto &other : leaves) {
			named += duckdb::StringUtil::CIEquals(other.name, leaf.name) ? 1 : 0;
		}
		if (leaf.apart && named == 1) {
			unit.split = leaf.slot;
			unit.table = leaf.name;
			break;
		}
	}
	if (!unit.split) {
		return "no table whose rows stay apart through its joins";
	}
	std::vector<bool> output_key(groups.group_expressions.size(), false);
	std::set<std::string> names;
	for (auto &item : node.select_list) {
		Output output;
		output.aliased = item->HasAlias();
		if (item->HasAlias()) {
			output.name = item->GetAlias().GetIdentifierName();
		} else if (item->GetExpressionClass() == duckdb::ExpressionClass::COLUMN_REF) {
			output.name = item->Cast<duckdb::ColumnRefExpression>().GetColumnName().GetIdentifierName();
		} else {
			return "an output without a name";
		}
		if (!names.insert(Lower(output.name)).second) {
			return "two outputs named " + output.name;
		}
		if (duckdb::StringUtil::CIEquals(output.name, FILE_COLUMN)) {
			return "an output named " + output.name;
		}
		for (size_t i = 0; i < groups.group_expressions.size(); i++) {
			if (groups.group_expressions[i]->Equals(*item)) {
				output.kind = "key";
				output_key[i] = true;
			}
		}
		if (output.kind.empty()) {
			output.kind = AggregateKind(*item, tables);
		}
		if (output.kind.empty()) {
			return "the output " + output.name + " is neither a key nor an aggregate whose parts combine";
		}
		unit.outputs.push_back(output);
	}
	for (bool output : output_key) {
		if (!output) {
			return "a key that is not an output";
		}
	}
	return "";
}

duckdb::SelectStatement &OneSelect(duckdb::Parser &parser, const std::string &sql) {
	parser.ParseQuery(sql);
	if (parser.statements.size() != 1 || parser.statements[0]->type != duckdb::StatementType::SELECT_STATEMENT) {
		throw std::runtime_error("not one SELECT statement");
	}
	auto &select = parser.statements[0]->Cast<duckdb::SelectStatement>();
	if (!select.node) {
		throw std::runtime_error("not one SELECT statement");
	}
	return select;
}

std::set<std::string> CteNames(duckdb::QueryNode &node) {
	std::set<std::string> names;
	for (auto &entry : node.cte_map.map) {
		names.insert(Lower(entry.first.GetIdentifierName()));
	}
	return names;
}

// The query of the top-level CTE named `cte`, and the unit it is (or an exception saying why not).
duckdb::unique_ptr<duckdb::QueryNode> &UnitQuery(duckdb::SelectStatement &select, const std::string &cte, Unit &unit) {
	auto ctes = CteNames(*select.node);
	for (auto &entry : select.node->cte_map.map) {
		if (!duckdb::StringUtil::CIEquals(entry.first.GetIdentifierName(), cte)) {
			continue;
		}
		auto &info = *entry.second;
		if (!info.query_node || !info.key_targets.empty() || !info.payload_aggregates.empty()) {
			throw std::runtime_error("the CTE " + cte + " is not a unit");
		}
		auto why = Analyse(*info.query_node, ctes, unit);
		if (!why.empty()) {
			throw std::runtime_error("the CTE " + cte + " is not a unit: " + why);
		}
		return info.query_node;
	}
	throw std::runtime_error("no CTE named " + cte);
}

duckdb::unique_ptr<duckdb::ParsedExpression> Column(const std::string &name) {
	return duckdb::make_uniq<duckdb::ColumnRefExpression>(duckdb::Identifier(name));
}

duckdb::unique_ptr<duckdb::ParsedExpression> Call(const char *function, duckdb::unique_ptr<duckdb::ParsedExpression> argument) {
	duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> arguments;
	arguments.push_back(std::move(argument));
	return duckdb::make_uniq<duckdb::FunctionExpression>(duckdb::Identifier(function), std::move(arguments));
}

// How the parts of one output combine, keeping its type: counts are summed (a HUGEINT) and cast back to the BIGINT a
// count is, 0 when there are no parts; a sum's parts are of its own type (HUGEINT or DECIMAL(38, s): summed, the
// same type; a floating sum is refused by the caller, whose parts would add up in another order).
duckdb::unique_ptr<duckdb::ParsedExpression> Combine(const Output &output) {
	if (output.kind == "key") {
		return Column(output.name);
	}
	if (output.kind == "count") {
		duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> either;
		either.push_back(Call("sum", Column(output.name)));
		either.push_back(duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Literal::Integer(0)));
		auto summed = duckdb::make_uniq<duckdb::OperatorExpression>(duckdb::ExpressionType::OPERATOR_COALESCE,
		                                                            std::move(either));
		return duckdb::make_uniq<duckdb::CastExpression>(duckdb::LogicalType::BIGINT, std::move(summed));
	}
	return Call(output.kind.c_str(), Column(output.name));
}

std::vector<std::string> Fields(const char *const *texts, const size_t *lengths, size_t count) {
	std::vector<std::string> fields;
	for (size_t i = 0; i < count; i++) {
		fields.emplace_back(texts[i], lengths[i]);
	}
	return fields;
}

} // namespace

std::string qlake::UnitLines(duckdb::SelectStatement &select) {
	std::string out;
	if (!select.node) {
		return out;
	}
	auto ctes = CteNames(*select.node);
	for (auto &entry : select.node->cte_map.map) {
		auto name = entry.first.GetIdentifierName();
		auto &info = *entry.second;
		Unit unit;
		std::string why = "a recursive or keyed CTE";
		if (info.query_node && info.key_targets.empty() && info.payload_aggregates.empty()) {
			why = Analyse(*info.query_node, ctes, unit);
		}
		if (!why.empty()) {
			out += "not\t" + Escape(name) + "\t" + Escape(why) + "\n";
			continue;
		}
		out += "unit\t" + Escape(name) + "\t" + Escape(unit.table) + "\n";
		for (auto &output : unit.outputs) {
			out += "column\t" + Escape(name) + "\t" + Escape(output.name) + "\t" + output.kind + "\n";
		}
		for (auto &read : unit.reads) {
			out += "reads\t" + Escape(name) + "\t" + Escape(read) + "\n";
		}
	}
	return out;
}

namespace {

// The scan (`SELECT *, file_index AS _qlake_file FROM read_parquet(…)`) as a subquery, to stand where the unit names
// its table: a subquery shows only its columns (the file's place in the scan's list among them, a number: grouping
// by the file's name cost 0.6 s more at 100M), not the hidden ones of the table function (`file_index`,
// `file_row_number`, …) that a name in the unit could otherwise bind to.
duckdb::unique_ptr<duckdb::TableRef> ScanOf(const std::string &text, const duckdb::Identifier &alias) {
	auto parser = duckdb::Parser::GetBuiltinParser();
	auto &scan = OneSelect(parser, text);
	auto refused = std::runtime_error("the scan is not SELECT *, file_index AS " + std::string(FILE_COLUMN) +
	                                  " FROM a table function");
	if (scan.node->type != duckdb::QueryNodeType::SELECT_NODE) {
		throw refused;
	}
	auto &node = scan.node->Cast<duckdb::SelectNode>();
	if (!node.from_table || node.from_table->type != duckdb::TableReferenceType::TABLE_FUNCTION ||
	    !node.cte_map.map.empty() || node.where_clause || !node.modifiers.empty() || node.select_list.size() != 2 ||
	    node.select_list[0]->GetExpressionClass() != duckdb::ExpressionClass::STAR ||
	    node.select_list[1]->GetExpressionClass() != duckdb::ExpressionClass::COLUMN_REF ||
	    !duckdb::StringUtil::CIEquals(node.select_list[1]->GetAlias().GetIdentifierName(), FILE_COLUMN)) {
		throw refused;
	}
	auto &index = node.select_list[1]->Cast<duckdb::ColumnRefExpression>().ColumnNames();
	if (index.size() != 1 || !duckdb::StringUtil::CIEquals(index[0].GetIdentifierName(), "file_index")) {
		throw refused;
	}
	auto statement = duckdb::unique_ptr_cast<duckdb::SQLStatement, duckdb::SelectStatement>(
	    std::move(parser.statements[0]));
	return duckdb::make_uniq<duckdb::SubqueryRef>(std::move(statement), alias);
}

// The name a table of a unit is known by in its conditions: its alias, else its table's name.
duckdb::Identifier KnownAs(duckdb::TableRef &ref) {
	return ref.alias.empty() ? ref.Cast<duckdb::BaseTableRef>().Table() : ref.alias;
}

// That name lowercased, as names are compared.
std::string LeafName(duckdb::TableRef &ref) {
	return Lower(KnownAs(ref).GetIdentifierName());
}

// How another table of a unit is narrowed: its column that must equal the split table's column.
struct Narrowing {
	duckdb::Identifier column;
	duckdb::Identifier split_column;
};
// By the other table's name in the unit (LeafName).
using Narrowings = std::map<std::string, Narrowing>;

void Conjuncts(duckdb::ParsedExpression &expr, std::vector<duckdb::ParsedExpression *> &out) {
	if (expr.GetExpressionType() == duckdb::ExpressionType::CONJUNCTION_AND) {
		for (auto &child : expr.Cast<duckdb::ConjunctionExpression>().GetChildrenMutable()) {
			Conjuncts(*child, out);
		}
		return;
	}
	out.push_back(&expr);
}

// `expr` as the lowercased qualifier and the column name of `qualifier.column`; false for anything else (an
// unqualified name could be either table's).
bool QualifiedColumn(const duckdb::ParsedExpression &expr, std::string &qualifier, duckdb::Identifier &column) {
	if (expr.GetExpressionClass() != duckdb::ExpressionClass::COLUMN_REF) {
		return false;
	}
	auto &names = expr.Cast<duckdb::ColumnRefExpression>().ColumnNames();
	if (names.size() != 2) {
		return false;
	}
	qualifier = Lower(names[0].GetIdentifierName());
	column = names[1];
	return true;
}

// How many FROM items go by each name (lowercased), in a FROM item: DuckDB lets one name stand for two items as long as
// no reference is ambiguous, and then which item an equality constrains is not known.
using NameCounts = std::map<std::string, int>;

// The other tables of the FROM item `ref` that only rows matching the split table's (named `split`) can reach, and
// the names of its tables in `names`. A row of such a table whose column equals no value of the split table's column
// is dropped by an inner join holding both; under a left join it is on the side that only joins where the condition
// holds, which it never does for such a row (and a row of another table on that side that loses it gains NULLs,
// which equal nothing either).
void FindNarrowings(duckdb::TableRef &ref, const std::string &split, Narrowings &found, NameCounts &names) {
	if (ref.type == duckdb::TableReferenceType::BASE_TABLE) {
		names[LeafName(ref)]++;
		return;
	}
	if (ref.type != duckdb::TableReferenceType::JOIN) {
		return;
	}
	auto &join = ref.Cast<duckdb::JoinRef>();
	NameCounts left, right;
	FindNarrowings(*join.left, split, found, left);
	FindNarrowings(*join.right, split, found, right);
	bool inner = join.type == duckdb::JoinType::INNER;
	if (join.ref_type == duckdb::JoinRefType::REGULAR && join.condition && join.using_columns.empty() &&
	    (inner || join.type == duckdb::JoinType::LEFT)) {
		std::vector<duckdb::ParsedExpression *> conjuncts;
		Conjuncts(*join.condition, conjuncts);
		for (auto conjunct : conjuncts) {
			if (conjunct->GetExpressionClass() != duckdb::ExpressionClass::COMPARISON ||
			    conjunct->GetExpressionType() != duckdb::ExpressionType::COMPARE_EQUAL) {
				continue;
			}
			auto &comparison = conjunct->Cast<duckdb::ComparisonExpression>();
			std::string qualifiers[2];
			duckdb::Identifier columns[2];
			if (!QualifiedColumn(comparison.Left(), qualifiers[0], columns[0]) ||
			    !QualifiedColumn(comparison.Right(), qualifiers[1], columns[1])) {
				continue;
			}
			for (int side = 0; side < 2; side++) {
				auto &other = qualifiers[side];
				if (qualifiers[1 - side] != split || other == split || found.count(other)) {
					continue;
				}
				bool reached = inner ? (left.count(other) || right.count(other)) && (left.count(split) || right.count(split))
				                     : right.count(other) && left.count(split);
				if (reached) {
					found.emplace(other, Narrowing {columns[side], columns[1 - side]});
				}
			}
		}
	}
	for (auto side : {&left, &right}) {
		for (auto &name : *side) {
			names[name.first] += name.second;
		}
	}
}

// Each table `found` names, in the FROM item at `slot`, read as `(SELECT * FROM table AS name SEMI JOIN (SELECT
// DISTINCT split.split_column FROM scan AS split) AS split ON name.column = split.split_column) AS name`: a semi join
// binds its `=` as the unit's join does (an `IN (SELECT …)` would compare some pairs of types the join compares, a
// VARCHAR with a number say, only after an explicit cast), and yields the table's own columns.
void Narrow(duckdb::unique_ptr<duckdb::TableRef> &slot, const Narrowings &found, const std::string &scan,
            const duckdb::Identifier &split_alias) {
	if (slot->type == duckdb::TableReferenceType::JOIN) {
		auto &join = slot->Cast<duckdb::JoinRef>();
		Narrow(join.left, found, scan, split_alias);
		Narrow(join.right, found, scan, split_alias);
		return;
	}
	if (slot->type != duckdb::TableReferenceType::BASE_TABLE) {
		return;
	}
	auto narrowing = found.find(LeafName(*slot));
	if (narrowing == found.end()) {
		return;
	}
	auto alias = KnownAs(*slot);
	auto values = duckdb::make_uniq<duckdb::SelectNode>();
	values->select_list.push_back(
	    duckdb::make_uniq<duckdb::ColumnRefExpression>(narrowing->second.split_column, split_alias));
	values->from_table = ScanOf(scan, split_alias);
	values->modifiers.push_back(duckdb::make_uniq<duckdb::DistinctModifier>());
	auto values_statement = duckdb::make_uniq<duckdb::SelectStatement>();
	values_statement->node = std::move(values);
	auto semi = duckdb::make_uniq<duckdb::JoinRef>(duckdb::JoinRefType::REGULAR);
	semi->type = duckdb::JoinType::SEMI;
	semi->condition = duckdb::make_uniq<duckdb::ComparisonExpression>(
	    duckdb::ExpressionType::COMPARE_EQUAL,
	    duckdb::make_uniq<duckdb::ColumnRefExpression>(narrowing->second.column, alias),
	    duckdb::make_uniq<duckdb::ColumnRefExpression>(narrowing->second.split_column, split_alias));
	semi->left = std::move(slot);
	semi->right = duckdb::make_uniq<duckdb::SubqueryRef>(std::move(values_statement), split_alias);
	auto narrowed = duckdb::make_uniq<duckdb::SelectNode>();
	narrowed->select_list.push_back(duckdb::make_uniq<duckdb::StarExpression>());
	narrowed->from_table = std::move(semi);
	auto statement = duckdb::make_uniq<duckdb::SelectStatement>();
	statement->node = std::move(narrowed);
	slot = duckdb::make_uniq<duckdb::SubqueryRef>(std::move(statement), alias);
}

// "partial" and "shape" lines for the unit `query` (a copy, changed here) over `scan`.
std::string PartialAndShape(const std::string &cte, duckdb::QueryNode &query, const std::set<std::string> &ctes,
                            const std::string &scan, const std::string &file_column, bool narrow) {
	Unit unit;
	auto why = Analyse(query, ctes, unit);
	if (!why.empty()) {
		throw std::runtime_error("the CTE " + cte + " is not a unit: " + why);
	}
	auto &node = query.Cast<duckdb::SelectNode>();
	auto &split = **unit.split;
	auto alias = KnownAs(split);
	if (narrow) {
		auto split_name = LeafName(split);
		Narrowings found;
		NameCounts names;
		FindNarrowings(*node.from_table, split_name, found, names);
		for (auto &name : names) {
			if (name.second > 1) {
				found.erase(name.first);
			}
		}
		if (names[split_name] == 1) {
			Narrow(node.from_table, found, scan, alias);
		}
	}
	*unit.split = ScanOf(scan, alias);

	for (size_t i = 0; i < node.select_list.size(); i++) {
		// A column not renamed keeps the name DuckDB gives it (the table's own spelling, whatever the query's).
		if (unit.outputs[i].aliased) {
			node.select_list[i]->SetAlias(duckdb::Identifier(unit.outputs[i].name));
		}
	}
	auto file = [&]() {
		return duckdb::make_uniq<duckdb::ColumnRefExpression>(duckdb::Identifier(file_column), alias);
	};
	auto first = file();
	first->SetAlias(duckdb::Identifier(file_column));
	node.select_list.insert(node.select_list.begin(), std::move(first));
	auto &groups = node.groups;
	groups.group_expressions.push_back(file());
	if (groups.grouping_sets.empty()) {
		groups.grouping_sets.emplace_back();
		for (size_t i = 0; i + 1 < groups.group_expressions.size(); i++) {
			groups.grouping_sets[0].insert(duckdb::ProjectionIndex(i));
		}
	}
	groups.grouping_sets[0].insert(duckdb::ProjectionIndex(groups.group_expressions.size() - 1));

	duckdb::SelectStatement partial;
	partial.node = query.Copy();
	auto out = "partial\t" + Escape(cte) + "\t" + Escape(partial.ToString()) + "\n";
	// The same statement with no rows: its columns' types, without reading a row.
	node.where_clause = duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Literal::Boolean(false));
	duckdb::SelectStatement shape;
	shape.node = query.Copy();
	return out + "shape\t" + Escape(cte) + "\t" + Escape(shape.ToString()) + "\n";
}

// The aggregate of a unit's parts kept in `table`, a column per output.
duckdb::unique_ptr<duckdb::QueryNode> Combined(const Unit &unit, const std::string &table) {
	// Named with its catalog and schema: no CTE of the statement can stand for it.
	auto parts = duckdb::make_uniq<duckdb::BaseTableRef>();
	parts->SetQualifiedName(duckdb::Identifier("temp"), duckdb::Identifier("main"), duckdb::Identifier(table));
	auto combined = duckdb::make_uniq<duckdb::SelectNode>();
	combined->from_table = std::move(parts);
	for (auto &output : unit.outputs) {
		auto item = Combine(output);
		if (output.aliased || output.kind != "key") {
			item->SetAlias(duckdb::Identifier(output.name));
		}
		combined->select_list.push_back(std::move(item));
		if (output.kind == "key") {
			combined->groups.group_expressions.push_back(Column(output.name));
		}
	}
	if (!combined->groups.group_expressions.empty()) {
		combined->groups.grouping_sets.emplace_back();
		for (size_t i = 0; i < combined->groups.group_expressions.size(); i++) {
			combined->groups.grouping_sets[0].insert(duckdb::ProjectionIndex(i));
		}
	}
	return std::move(combined);
}

} // namespace

// Fields: the statement, the file column's name (FILE_COLUMN), then for each unit its CTE, the scan of the files whose
// parts are wanted, the table its parts are put in, and "narrow" or "whole". The statement is parsed once for all.
extern "C" char *qlake_part_plan(const char *const *texts, const size_t *lengths, size_t count) {
	try {
		if (count < 2 || (count - 2) % 4 != 0) {
			return Copy("no\texpected a statement, a column name and four fields per unit\n");
		}
		auto fields = Fields(texts, lengths, count);
		auto &file_column = fields[1];
		if (file_column != FILE_COLUMN) {
			return Copy("no\tthe file column is not the one a unit may not name\n");
		}
		auto parser = duckdb::Parser::GetBuiltinParser();
		auto &select = OneSelect(parser, fields[0]);
		auto ctes = CteNames(*select.node);
		std::string out;
		for (size_t i = 2; i < count; i += 4) {
			auto &cte = fields[i];
			if (fields[i + 3] != "narrow" && fields[i + 3] != "whole") {
				return Copy("no\tneither narrow nor whole\n");
			}
			Unit unit;
			auto &query = UnitQuery(select, cte, unit);
			auto copy = query->Copy();
			out += PartialAndShape(cte, *copy, ctes, fields[i + 1], file_column, fields[i + 3] == "narrow");
			query = Combined(unit, fields[i + 2]);
		}
		return Copy(out + "combined\t" + Escape(select.ToString()) + "\n");
	} catch (std::exception &ex) {
		return Copy("no\t" + Escape(ex.what()) + "\n");
	} catch (...) {
		return Copy("no\tDuckDB's parser failed\n");
	}
}
