// What DuckDB's own parser makes of a text, for qlake's read-only gate.
//
// The gate must decide on exactly what DuckDB will execute, so this asks DuckDB's parser (the built-in grammar every
// qlake connection uses) and reports, as plain lines, how many statements it found, the type of each, what an EXPLAIN
// wraps, every query node that is not a plain read, and every function the statement calls (scalar or table). The
// verdict itself is made in Rust (src/core/gate/mod.rs); this file only reports facts.
//
// Output lines, fields separated by tabs, each field escaped (\\ \t \n \r):
//   error <message>                 the text does not parse
//   statements <n>
//   statement <TYPE>                one per statement, in order
//   explain <STANDARD|ANALYZE|SQL>  the first statement is an EXPLAIN of this kind
//   inner <TYPE>                    what that EXPLAIN wraps
//   node <kind>                     a query node that is not SELECT / set operation / recursive CTE
//   function <position> <catalog> <schema> <name>
//                                   a function called, where: `scalar` (an expression: scalar, aggregate, macro or
//                                   window function) or `table` (in FROM: a table function or table macro)
//   table <catalog> <schema> <name> <offset> <cte>
//                                   a table or view named in FROM (a lake table, a CTE, or one of DuckDB's own views),
//                                   the byte offset where its name begins (empty when DuckDB did not say), and `cte`
//                                   when the name is a CTE in scope there
//   cte <name>                      a common table expression the statement defines
//   show <type> <catalog> <schema> <name>
//                                   a DESCRIBE / SUMMARIZE / SHOW (type: DuckDB's ShowType), of the name given (empty
//                                   when it is of a query)
//   uninspectable <reason>          part of the tree could not be walked (the gate refuses)
//   ordered                         the first statement is a query whose result is sorted (an outermost ORDER BY)
//   limit <tokens> <depth> <most tokens> <deepest>
//                                   the text is beyond what qlake parses (too many tokens, or brackets nested too
//                                   deep); it was not parsed, so that a hostile text costs little to refuse
//   queries <n> <most>              the statement holds more query blocks than qlake runs in one statement
//   unit, column, reads, not        which of its CTEs are computed from per-file parts (parts.cpp)

#include "duckdb/common/enums/statement_type.hpp"
#include "duckdb/common/error_data.hpp"
#include "duckdb/common/exception.hpp"
#include "duckdb/common/string_util.hpp"
#include "duckdb/common/serializer/serializer.hpp"
#include "duckdb/parser/expression/window_expression.hpp"
#include "duckdb/parser/keyword_helper.hpp"
#include "duckdb/parser/expression/constant_expression.hpp"
#include "duckdb/parser/literal.hpp"
#include "duckdb/parser/expression/function_expression.hpp"
#include "duckdb/parser/expression/subquery_expression.hpp"
#include "duckdb/parser/parsed_expression_iterator.hpp"
#include "duckdb/parser/parser.hpp"
#include "duckdb/parser/query_node.hpp"
#include "duckdb/parser/result_modifier.hpp"
#include "duckdb/parser/query_node/recursive_cte_node.hpp"
#include "duckdb/parser/query_node/select_node.hpp"
#include "duckdb/parser/query_node/set_operation_node.hpp"
#include "duckdb/parser/tableref/list.hpp"
#include "duckdb/parser/statement/explain_statement.hpp"
#include "duckdb/parser/statement/select_statement.hpp"

#include "parts.hpp"
#include "shim.hpp"

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using qlake::Copy;
using qlake::Escape;

const char *NodeKind(duckdb::QueryNodeType type) {
	switch (type) {
	case duckdb::QueryNodeType::SELECT_NODE:
		return "SELECT";
	case duckdb::QueryNodeType::SET_OPERATION_NODE:
		return "SET_OPERATION";
	case duckdb::QueryNodeType::RECURSIVE_CTE_NODE:
		return "RECURSIVE_CTE";
	case duckdb::QueryNodeType::CTE_NODE:
		return "CTE";
	case duckdb::QueryNodeType::STATEMENT_NODE:
		return "STATEMENT";
	case duckdb::QueryNodeType::UPDATE_QUERY_NODE:
		return "UPDATE";
	case duckdb::QueryNodeType::DELETE_QUERY_NODE:
		return "DELETE";
	case duckdb::QueryNodeType::INSERT_QUERY_NODE:
		return "INSERT";
	case duckdb::QueryNodeType::MERGE_QUERY_NODE:
		return "MERGE";
	case duckdb::QueryNodeType::COPY_QUERY_NODE:
		return "COPY";
	default:
		return "UNKNOWN";
	}
}

// An allow-list walk: it descends only into the node and table-reference kinds it knows to read, reports every other
// node kind (and any table reference it does not know) so the gate refuses the statement. Every expression is visited,
// every function named, every subquery walked the same way.
struct Walker {
	std::string out;
	size_t queries = 0;
	// The CTE names a table reference here would resolve to, innermost last: a CTE sees the ones defined before it
	// (and itself, when recursive); the query body sees them all.
	std::vector<std::string> scope;

	bool InScope(const std::string &name) const {
		for (auto &cte : scope) {
			if (duckdb::StringUtil::CIEquals(cte, name)) {
				return true;
			}
		}
		return false;
	}

	void Flag(const std::string &kind) {
		out += "node\t" + Escape(kind) + "\n";
	}

	void Unknown(const std::string &what) {
		out += "uninspectable\t" + Escape(what) + "\n";
	}

	void Node(duckdb::QueryNode &node) {
		queries++;
		auto outer = scope.size();
		for (auto &entry : node.cte_map.map) {
			auto name = entry.first.GetIdentifierName();
			out += "cte\t" + Escape(name) + "\n";
			auto &info = *entry.second;
			bool recursive = info.query_node && info.query_node->type == duckdb::QueryNodeType::RECURSIVE_CTE_NODE;
			if (recursive) {
				scope.push_back(name);
			}
			if (info.query_node) {
				Node(*info.query_node);
			} else {
				Unknown("a CTE without a query");
			}
			for (auto &e : info.key_targets) {
				Expression(e);
			}
			for (auto &e : info.payload_aggregates) {
				Expression(e);
			}
			if (!recursive) {
				scope.push_back(name);
			}
		}
		Body(node);
		scope.resize(outer);
	}

	void Body(duckdb::QueryNode &node) {
		switch (node.type) {
		case duckdb::QueryNodeType::SELECT_NODE: {
			auto &select = node.Cast<duckdb::SelectNode>();
			for (auto &e : select.select_list) {
				Expression(e);
			}
			if (select.from_table) {
				Ref(*select.from_table);
			}
			Expression(select.where_clause);
			for (auto &e : select.groups.group_expressions) {
				Expression(e);
			}
			Expression(select.having);
			Expression(select.qualify);
			break;
		}
		case duckdb::QueryNodeType::SET_OPERATION_NODE:
			for (auto &child : node.Cast<duckdb::SetOperationNode>().children) {
				if (child) {
					Node(*child);
				}
			}
			break;
		case duckdb::QueryNodeType::RECURSIVE_CTE_NODE: {
			auto &cte = node.Cast<duckdb::RecursiveCTENode>();
			// DuckDB binds the anchor where the CTE's own name cannot be referenced (a name there is a table or an
			// outer CTE); only the recursive part sees it.
			auto whole = scope;
			auto own = cte.ctename.GetIdentifierName();
			for (auto it = scope.rbegin(); it != scope.rend(); ++it) {
				if (duckdb::StringUtil::CIEquals(*it, own)) {
					scope.erase(std::next(it).base());
					break;
				}
			}
			if (cte.left) {
				Node(*cte.left);
			}
			scope = whole;
			if (cte.right) {
				Node(*cte.right);
			}
			for (auto &e : cte.key_targets) {
				Expression(e);
			}
			break;
		}
		default:
			Flag(NodeKind(node.type));
			return;
		}
		try {
			duckdb::ParsedExpressionIterator::EnumerateQueryNodeModifiers(
			    node, [&](duckdb::unique_ptr<duckdb::ParsedExpression> &e) { Expression(e); });
		} catch (std::exception &ex) {
			Unknown(ex.what());
		}
	}

	void Ref(duckdb::TableRef &ref) {
		switch (ref.type) {
		case duckdb::TableReferenceType::BASE_TABLE: {
			auto &table = ref.Cast<duckdb::BaseTableRef>();
			Named("table\t", table.GetQualifiedName());
			// Where the name stands in the text (its byte offset), for a remote engine's database to be put before it.
			// And whether the name is a CTE in scope there (else it names a table of the database).
			auto offset = table.query_location.GetOffset();
			out.pop_back();
			out += "\t" + (offset.IsValid() ? std::to_string(offset.GetIndex()) : std::string()) + "\t" +
			       (InScope(table.GetQualifiedName().Name().GetIdentifierName()) ? "cte" : "") + "\n";
			if (table.at_clause) {
				Expression(table.at_clause->ExpressionMutable());
			}
			break;
		}
		case duckdb::TableReferenceType::EMPTY_FROM:
			break;
		case duckdb::TableReferenceType::EXPRESSION_LIST:
			for (auto &row : ref.Cast<duckdb::ExpressionListRef>().values) {
				for (auto &e : row) {
					Expression(e);
				}
			}
			break;
		case duckdb::TableReferenceType::JOIN: {
			auto &join = ref.Cast<duckdb::JoinRef>();
			if (join.left) {
				Ref(*join.left);
			}
			if (join.right) {
				Ref(*join.right);
			}
			Expression(join.condition);
			for (auto &e : join.duplicate_eliminated_columns) {
				Expression(e);
			}
			Expression(join.ranking_expression);
			break;
		}
		case duckdb::TableReferenceType::SUBQUERY: {
			auto &subquery = ref.Cast<duckdb::SubqueryRef>().subquery;
			if (subquery && subquery->node) {
				Node(*subquery->node);
			}
			break;
		}
		case duckdb::TableReferenceType::TABLE_FUNCTION: {
			auto &function = ref.Cast<duckdb::TableFunctionRef>();
			// The call itself is a table function; its arguments are expressions like any other.
			if (function.function && function.function->GetExpressionClass() == duckdb::ExpressionClass::FUNCTION) {
				auto &call = function.function->Cast<duckdb::FunctionExpression>();
				Named("function\ttable\t", call.GetQualifiedName());
				duckdb::ParsedExpressionIterator::EnumerateChildren(
				    call, [&](duckdb::ParsedExpression &child) { Expression(child); });
			} else {
				Expression(function.function);
			}
			if (function.subquery && function.subquery->node) {
				Node(*function.subquery->node);
			}
			break;
		}
		case duckdb::TableReferenceType::PIVOT: {
			auto &pivot = ref.Cast<duckdb::PivotRef>();
			if (pivot.source) {
				Ref(*pivot.source);
			}
			for (auto &e : pivot.aggregates) {
				Expression(e);
			}
			for (auto &column : pivot.pivots) {
				for (auto &e : column.pivot_expressions) {
					Expression(e);
				}
				for (auto &entry : column.entries) {
					Expression(entry.expr);
				}
				if (column.subquery) {
					Node(*column.subquery);
				}
			}
			break;
		}
		case duckdb::TableReferenceType::SHOW_REF: {
			auto &show = ref.Cast<duckdb::ShowRef>();
			// DESCRIBE, SUMMARIZE and SHOW: of a query (walked), or of a name, which DuckDB's binder resolves itself
			// (a table, a view, a special list, or a setting) — reported for the gate to judge.
			Named(("show\t" + std::to_string(static_cast<int>(show.show_type)) + "\t").c_str(), show.qualified_name);
			if (show.query) {
				Node(*show.query);
			}
			break;
		}
		default:
			Unknown("a table reference of kind " + std::to_string(static_cast<int>(ref.type)));
		}
	}

	void Expression(duckdb::unique_ptr<duckdb::ParsedExpression> &expr) {
		if (expr) {
			Expression(*expr);
		}
	}

	void Named(const char *prefix, const duckdb::QualifiedName &name) {
		out += prefix + Escape(name.Catalog().GetIdentifierName()) + "\t" + Escape(name.Schema().GetIdentifierName()) +
		       "\t" + Escape(name.Name().GetIdentifierName()) + "\n";
	}

	void Expression(duckdb::ParsedExpression &expr) {
		if (expr.GetExpressionClass() == duckdb::ExpressionClass::FUNCTION) {
			Named("function\tscalar\t", expr.Cast<duckdb::FunctionExpression>().GetQualifiedName());
		}
		if (expr.GetExpressionClass() == duckdb::ExpressionClass::WINDOW) {
			Named("function\tscalar\t", expr.Cast<duckdb::WindowExpression>().GetQualifiedName());
		}
		if (expr.GetExpressionClass() == duckdb::ExpressionClass::SUBQUERY) {
			auto &subquery = expr.Cast<duckdb::SubqueryExpression>().SubqueryMutable();
			if (subquery && subquery->node) {
				Node(*subquery->node);
			}
		}
		duckdb::ParsedExpressionIterator::EnumerateChildren(
		    expr, [&](duckdb::ParsedExpression &child) { Expression(child); });
	}

	void Statement(duckdb::SQLStatement &statement) {
		if (statement.type != duckdb::StatementType::SELECT_STATEMENT) {
			return;
		}
		auto &select = statement.Cast<duckdb::SelectStatement>();
		if (select.node) {
			Node(*select.node);
		}
	}
};

const char *ExplainKind(duckdb::ExplainType type) {
	switch (type) {
	case duckdb::ExplainType::EXPLAIN_STANDARD:
		return "STANDARD";
	case duckdb::ExplainType::EXPLAIN_ANALYZE:
		return "ANALYZE";
	case duckdb::ExplainType::EXPLAIN_SQL:
		return "SQL";
	default:
		return "UNKNOWN";
	}
}


} // namespace

// What qlake parses at most. DuckDB's parser builds its whole tree before it checks the nesting, and its cost grows
// far faster than the text (400 KB of nested brackets took 2 s and 1.6 GB), so a text is measured first with
// DuckDB's own lexer, which is linear and cheap. A query a person writes is far inside both (the limits are held to
// the shipped queries by a test); the hostile-text test measures the cost at the edges (docs/reliability.md).
constexpr size_t MAX_TOKENS = 50000;
constexpr size_t MAX_DEPTH = 250;
// DuckDB's binder and planner take time and memory that grow faster than the number of query blocks (49,000
// UNION ALL branches ran for minutes and took 24 GB before they were killed; 1,000 take 0.25 s).
constexpr size_t MAX_QUERIES = 1000;

// The token count and the deepest bracket nesting of a text, by DuckDB's lexer; stops counting past the limits.
bool WithinLimits(const std::string &query, std::string &report) {
	auto tokens = duckdb::Parser::Tokenize(query);
	size_t depth = 0;
	size_t deepest = 0;
	for (auto &token : tokens) {
		if (token.type != duckdb::SimplifiedTokenType::SIMPLIFIED_TOKEN_OPERATOR || token.start >= query.size()) {
			continue;
		}
		char c = query[token.start];
		if (c == '(' || c == '[' || c == '{') {
			depth++;
			deepest = depth > deepest ? depth : deepest;
		} else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	if (tokens.size() > MAX_TOKENS || deepest > MAX_DEPTH) {
		report = "limit\t" + std::to_string(tokens.size()) + "\t" + std::to_string(deepest) + "\t" +
		         std::to_string(MAX_TOKENS) + "\t" + std::to_string(MAX_DEPTH) + "\n";
		return false;
	}
	return true;
}

// The table a statement reads whole, when it is exactly `SELECT * FROM <table>`; else empty. DuckDB's own text of the
// parsed statement must equal its text of that statement written plainly, so no clause, alias, sample, CTE or
// modifier can hide in it: a grid pages such a scan by the files' row counts instead of scanning to an offset.
std::string WholeTable(duckdb::SQLStatement &statement) {
	if (statement.type != duckdb::StatementType::SELECT_STATEMENT) {
		return "";
	}
	auto &select = statement.Cast<duckdb::SelectStatement>();
	if (!select.node || select.node->type != duckdb::QueryNodeType::SELECT_NODE) {
		return "";
	}
	auto &node = select.node->Cast<duckdb::SelectNode>();
	if (!node.from_table || node.from_table->type != duckdb::TableReferenceType::BASE_TABLE) {
		return "";
	}
	auto &name = node.from_table->Cast<duckdb::BaseTableRef>().GetQualifiedName();
	if (!name.Catalog().GetIdentifierName().empty() || !name.Schema().GetIdentifierName().empty()) {
		return "";
	}
	auto table = name.Name().GetIdentifierName();
	auto plain = duckdb::Parser::GetBuiltinParser();
	plain.ParseQuery("SELECT * FROM " + duckdb::KeywordHelper::WriteOptionallyQuoted(table));
	if (plain.statements.size() != 1 || plain.statements[0]->ToString() != statement.ToString()) {
		return "";
	}
	return table;
}

extern "C" char *qlake_describe_sql(const char *sql, size_t length) {
	Walker walker;
	std::string query(sql, length);
	try {
		std::string limit;
		if (!WithinLimits(query, limit)) {
			return Copy(limit);
		}
		auto parser = duckdb::Parser::GetBuiltinParser();
		parser.ParseQuery(query);
		walker.out += "statements\t" + std::to_string(parser.statements.size()) + "\n";
		for (auto &statement : parser.statements) {
			walker.out += "statement\t" + Escape(duckdb::StatementTypeToString(statement->type)) + "\n";
		}
		if (!parser.statements.empty()) {
			auto &first = *parser.statements[0];
			if (first.type == duckdb::StatementType::EXPLAIN_STATEMENT) {
				auto &explain = first.Cast<duckdb::ExplainStatement>();
				walker.out += "explain\t" + std::string(ExplainKind(explain.explain_type)) + "\n";
				if (explain.stmt) {
					walker.out += "inner\t" + Escape(duckdb::StatementTypeToString(explain.stmt->type)) + "\n";
					walker.Statement(*explain.stmt);
				}
			} else {
				walker.Statement(first);
				if (first.type == duckdb::StatementType::SELECT_STATEMENT) {
					auto &select = first.Cast<duckdb::SelectStatement>();
					if (select.node) {
						for (auto &modifier : select.node->modifiers) {
							if (modifier->type == duckdb::ResultModifierType::ORDER_MODIFIER) {
								walker.out += "ordered\n";
								break;
							}
						}
					}
					auto table = parser.statements.size() == 1 ? WholeTable(first) : std::string();
					if (!table.empty()) {
						walker.out += "scan\t" + Escape(table) + "\n";
					}
					if (parser.statements.size() == 1) {
						walker.out += qlake::UnitLines(select);
					}
				}
			}
		}
		if (walker.queries > MAX_QUERIES) {
			walker.out += "queries\t" + std::to_string(walker.queries) + "\t" + std::to_string(MAX_QUERIES) + "\n";
		}
	} catch (std::exception &ex) {
		duckdb::ErrorData error(ex);
		// The LINE/caret context DuckDB shows for a syntax error.
		error.AddErrorLocation(query);
		return Copy("error\t" + Escape(error.Message()) + "\n");
	} catch (...) {
		return Copy("error\tDuckDB's parser failed\n");
	}
	return Copy(walker.out);
}

namespace {

// DuckDB's own serializer walking a parsed statement: its generated code visits every field of every node, so what it
// writes is a second, independent account of the tree for the tests to hold the walk above to. Only the properties
// that name functions, tables and node kinds are kept.
class FactSerializer : public duckdb::Serializer {
public:
	std::string out;

	FactSerializer() {
		options.serialize_enum_as_string = true;
		options.serialize_default_values = true;
		options.storage_compatibility = duckdb::StorageCompatibility::Latest();
	}

	void OnPropertyBegin(const duckdb::field_id_t, const char *tag) override {
		tags.push_back(tag);
	}
	void OnPropertyEnd() override {
		tags.pop_back();
	}
	void OnOptionalPropertyBegin(const duckdb::field_id_t, const char *tag, bool) override {
		tags.push_back(tag);
	}
	void OnOptionalPropertyEnd(bool) override {
		tags.pop_back();
	}
	void OnObjectBegin() override {
	}
	void OnObjectEnd() override {
	}
	void OnListBegin(duckdb::idx_t) override {
	}
	void OnListEnd() override {
	}
	void OnNullableBegin(bool) override {
	}
	void OnNullableEnd() override {
	}
	void WriteNull() override {
	}
	void WriteValue(bool) override {
	}
	void WriteValue(uint8_t) override {
	}
	void WriteValue(int8_t) override {
	}
	void WriteValue(uint16_t) override {
	}
	void WriteValue(int16_t) override {
	}
	void WriteValue(uint32_t) override {
	}
	void WriteValue(int32_t) override {
	}
	void WriteValue(uint64_t) override {
	}
	void WriteValue(int64_t) override {
	}
	void WriteValue(duckdb::hugeint_t) override {
	}
	void WriteValue(duckdb::uhugeint_t) override {
	}
	void WriteValue(float) override {
	}
	void WriteValue(double) override {
	}
	void WriteValue(const duckdb::string_t value) override {
		Text(value.GetString());
	}
	void WriteValue(const std::string &value) override {
		Text(value);
	}
	void WriteValue(const char *value) override {
		Text(value ? std::string(value) : std::string());
	}
	void WriteDataPtr(duckdb::const_data_ptr_t, duckdb::idx_t) override {
	}

private:
	std::vector<std::string> tags;

	void Text(const std::string &value) {
		if (tags.empty()) {
			return;
		}
		auto &tag = tags.back();
		if (tag == "function_name" || tag == "table_name" || tag == "type") {
			out += Escape(tag) + "\t" + Escape(value) + "\n";
		}
	}
};

} // namespace

// For the tests: what DuckDB's serializer writes of each statement's tree (see FactSerializer), one "tag value"
// line per function name, table name and node or expression kind; "error <message>" when the text does not parse
// or a node cannot be serialized.
extern "C" char *qlake_serialized_facts(const char *sql, size_t length) {
	std::string query(sql, length);
	FactSerializer facts;
	try {
		auto parser = duckdb::Parser::GetBuiltinParser();
		parser.ParseQuery(query);
		for (auto &statement : parser.statements) {
			auto *target = statement.get();
			if (target->type == duckdb::StatementType::EXPLAIN_STATEMENT) {
				target = target->Cast<duckdb::ExplainStatement>().stmt.get();
			}
			if (!target || target->type != duckdb::StatementType::SELECT_STATEMENT) {
				facts.out += "statement\t" + Escape(target ? duckdb::StatementTypeToString(target->type) : "") + "\n";
				continue;
			}
			target->Cast<duckdb::SelectStatement>().Serialize(facts);
		}
	} catch (std::exception &ex) {
		return Copy(facts.out + "error\t" + Escape(ex.what()) + "\n");
	} catch (...) {
		return Copy(facts.out + "error\tunknown\n");
	}
	return Copy(facts.out);
}

// DuckDB's value of one string-literal token (`'…'`, `E'…'`, `$$…$$`, as its lexer cut it), read by its own parser:
// "ok <value>" when the token alone is one VARCHAR constant, else "no <why>". A statement sent to another engine has
// each of its strings written again from this value, in that engine's escaping.
extern "C" char *qlake_string_literal(const char *sql, size_t length) {
	std::string token(sql, length);
	try {
		auto parser = duckdb::Parser::GetBuiltinParser();
		parser.ParseQuery("SELECT " + token);
		if (parser.statements.size() == 1 && parser.statements[0]->type == duckdb::StatementType::SELECT_STATEMENT) {
			auto &select = parser.statements[0]->Cast<duckdb::SelectStatement>();
			if (select.node && select.node->type == duckdb::QueryNodeType::SELECT_NODE) {
				auto &node = select.node->Cast<duckdb::SelectNode>();
				if (node.select_list.size() == 1 && !node.where_clause &&
				    node.select_list[0]->GetExpressionClass() == duckdb::ExpressionClass::CONSTANT) {
					auto &literal = node.select_list[0]->Cast<duckdb::ConstantExpression>().GetLiteral();
					// STRING: the decoded text (quotes stripped, '' collapsed, E'' escapes decoded).
					if (literal.kind == duckdb::LiteralKind::STRING && literal.text.find('\0') == std::string::npos) {
						return Copy("ok\t" + Escape(literal.text) + "\n");
					}
				}
			}
		}
		return Copy("no\tnot one string constant\n");
	} catch (std::exception &ex) {
		return Copy("no\t" + Escape(ex.what()) + "\n");
	}
}

extern "C" void qlake_free_description(char *description) {
	std::free(description);
}

// DuckDB's own lexer over a text, for the console's highlighting and completion: one line per token, "start kind"
// (start a byte offset into the text, kind one letter: i identifier, n number, s string, o operator, k keyword,
// c comment, e error). Never fails: a text DuckDB cannot lex yields what it could.
extern "C" char *qlake_tokenize_sql(const char *sql, size_t length) {
	std::string query(sql, length);
	std::string out;
	try {
		for (auto &token : duckdb::Parser::Tokenize(query)) {
			char kind = 'e';
			switch (token.type) {
			case duckdb::SimplifiedTokenType::SIMPLIFIED_TOKEN_IDENTIFIER:
				kind = 'i';
				break;
			case duckdb::SimplifiedTokenType::SIMPLIFIED_TOKEN_NUMERIC_CONSTANT:
				kind = 'n';
				break;
			case duckdb::SimplifiedTokenType::SIMPLIFIED_TOKEN_STRING_CONSTANT:
				kind = 's';
				break;
			case duckdb::SimplifiedTokenType::SIMPLIFIED_TOKEN_OPERATOR:
				kind = 'o';
				break;
			case duckdb::SimplifiedTokenType::SIMPLIFIED_TOKEN_KEYWORD:
				kind = 'k';
				break;
			case duckdb::SimplifiedTokenType::SIMPLIFIED_TOKEN_COMMENT:
				kind = 'c';
				break;
			default:
				kind = 'e';
			}
			out += std::to_string(token.start) + "\t" + kind + "\n";
		}
	} catch (...) {
	}
	return Copy(out);
}
