// libFuzzer target for HTML -> text (src/enrich/html_text.h): HtmlToText with and without link
// collection, HtmlUnescape and LooksLikeHtml. Checks the documented output invariants, not only
// the absence of crashes: valid UTF-8; no leading/trailing whitespace; no trailing space on a
// line; never two blank lines in a row; both HtmlToText overloads agree.
// Seeds: scripts/fuzz.sh (HN comment HTML and Ashby descriptions from the shared data).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text.h"
#include "enrich/html_text.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  skillpulse::HtmlTextOptions with_links;
  with_links.collect_links = true;
  const skillpulse::HtmlText t = skillpulse::HtmlToText(html, with_links);
  const std::string& s = t.text;
  Check(skillpulse::IsValidUtf8(s));
  if (!s.empty()) {
    Check(!IsSpace(s.front()));
    Check(!IsSpace(s.back()));
  }
  Check(s.find(" \n") == std::string::npos);
  Check(s.find("\n\n\n") == std::string::npos);

  std::string out = "stale";
  skillpulse::HtmlToText(html, out);
  Check(out == s);

  const std::string unescaped = skillpulse::HtmlUnescape(html);
  Check(unescaped.size() <= size * 4 + 4);  // a reference never expands past 4 bytes per input byte
  (void)skillpulse::LooksLikeHtml(html);
  return 0;
}
