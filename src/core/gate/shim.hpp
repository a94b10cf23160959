// What the C shims over DuckDB's parser share: their line format's escaping, and the buffers they hand to Rust.
#pragma once

#include <cstdlib>
#include <cstring>
#include <string>

namespace qlake {

// A field of an output line, escaped (\\ \t \n \r) so that tabs and newlines only ever separate fields and lines.
inline std::string Escape(const std::string &value) {
	std::string out;
	out.reserve(value.size());
	for (char c : value) {
		switch (c) {
		case '\\':
			out += "\\\\";
			break;
		case '\t':
			out += "\\t";
			break;
		case '\n':
			out += "\\n";
			break;
		case '\r':
			out += "\\r";
			break;
		default:
			out += c;
		}
	}
	return out;
}

// A copy of `text` Rust frees with `qlake_free_description` (NULL when out of memory).
inline char *Copy(const std::string &text) {
	char *buffer = static_cast<char *>(std::malloc(text.size() + 1));
	if (buffer) {
		std::memcpy(buffer, text.c_str(), text.size() + 1);
	}
	return buffer;
}

} // namespace qlake
