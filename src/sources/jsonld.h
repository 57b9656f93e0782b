// schema.org JSON-LD in HTML pages: the <script type="application/ld+json"> blocks of a whole
// page (found with libxml2's HTML parser, which reads any page a browser does), each read with
// the repairs a browser-tolerant extractor applies. The repairs and their order follow
// extruct's JsonLdExtractor (scrapinghub/extruct, extruct/jsonld.py), the reference the
// shared edge cases come from (shared/data/jsonld_edge_cases):
//   1. the script as JSON, control characters allowed inside strings (Python json strict=False);
//   2. framing lines stripped from both ends ("// <![CDATA[", "]]>", "<!--", "-->"), a leading
//      "//..." or "<!-- ... -->" comment line removed, then JS comments and trailing commas
//      dropped (jstyleson) — tried as is, then with JavaScript escapes repaired (\' -> ',
//      \xHH -> \u00HH, an unknown \c keeps its backslash), then with quotes inside strings
//      escaped (a quote closes a string only when followed by , } ] : or the end);
//   3. else the complete values the script starts with (a stray trailing brace dropped);
//   4. (ours) else, for a script whose JSON was HTML-escaped (&quot;), steps 1-3 on the
//      unescaped text.
// A script none of this reads is reported and skipped; the other scripts are still read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace skillpulse {

struct JsonLdScript {
  uint32_t line = 0;               // line of the <script> element in the page
  std::vector<std::string> items;  // the objects it holds, each as compact JSON text
  std::string error;               // why nothing could be read ("" when read)
};

// Every application/ld+json script of `html`, in document order. Each top-level object is
// one item; a top-level array contributes its objects. Never fails: a page without scripts
// gives an empty vector, an unreadable script an entry with `error` set.
std::vector<JsonLdScript> ExtractJsonLd(std::string_view html);

// The tolerant JSON step alone, on the text of one script (also a whole .jsonld file):
// the items as compact JSON, or an empty vector with `error` set.
std::vector<std::string> ParseJsonLdScript(std::string_view script, std::string* error = nullptr);

}  // namespace skillpulse
