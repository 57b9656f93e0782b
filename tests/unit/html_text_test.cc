#include "enrich/html_text.h"

#include <gtest/gtest.h>
#include <libxml/HTMLparser.h>


#include "core/input.h"
#include "core/text.h"
#include "sources/json_util.h"
#include "test_util.h"

namespace skillpulse {
namespace {

std::string T(std::string_view html) { return HtmlToText(html).text; }

TEST(HtmlToText, HnParagraphsAndEntities) {
  // The shape of HN comment text (shared HN file, posting 16493002).
  EXPECT_EQ(T("BuzzSumo | REMOTE | \xC2\xA3" "55,000<p>We crawl the web 24&#x2F;7.<p>You&#x27;re great"),
            "BuzzSumo | REMOTE | \xC2\xA3" "55,000\n\nWe crawl the web 24/7.\n\nYou're great");
}

TEST(HtmlToText, LinksKeepTheirTextAndAreCollected) {
  auto r = HtmlToText("Apply: <a href=\"https:&#x2F;&#x2F;x.io&#x2F;jobs\" rel=\"nofollow\">x.io/jobs</a>.",
                      HtmlTextOptions{.collect_links = true});
  EXPECT_EQ(r.text, "Apply: x.io/jobs.");
  ASSERT_EQ(r.links.size(), 1u);
  EXPECT_EQ(r.links[0], "https://x.io/jobs");
}

TEST(HtmlToText, InlineTagsAddNothingBlocksBreakLines) {
  EXPECT_EQ(T("<b>Go</b>lang and <i>Rust</i>"), "Golang and Rust");
  EXPECT_EQ(T("<div>a</div><div>b</div>"), "a\nb");
  EXPECT_EQ(T("<ul><li>Go</li><li> Rust </li></ul>after"), "- Go\n- Rust\n\nafter");
  EXPECT_EQ(T("a<br>b<br><br>c"), "a\nb\n\nc");
  EXPECT_EQ(T("<h2>Requirements</h2><p>5+ years</p>"), "Requirements\n\n5+ years");
}

TEST(HtmlToText, WhitespaceCollapsesExceptInPre) {
  EXPECT_EQ(T("  a \t\n  b&nbsp;&nbsp;c\xC2\xA0" "d  "), "a b c d");
  EXPECT_EQ(T("x<pre><code>fn main() {\n    go();\n}</code></pre>y"), "x\n\nfn main() {\n    go();\n}\n\ny");
  // <pre> content ending in its own newline, trailing spaces and blank-line runs inside it (a
  // real HN post found by html_text_fuzz): still no trailing space on a line, never two blank
  // lines in a row, nothing at either end.
  EXPECT_EQ(T("Roles:<p><pre><code>  A  \n  B\n\n\n\nC\n</code></pre>\nHoller"), "Roles:\n\n  A\n  B\n\nC\n\nHoller");
  EXPECT_EQ(T("<pre>\n  code  \n</pre>"), "code");
}

TEST(HtmlToText, ScriptsStylesCommentsDropped) {
  EXPECT_EQ(T("a<script>var go = '<p>';</script>b<style>p{}</style>c<!-- Rust -->d"), "abcd");
  EXPECT_EQ(T("a<!DOCTYPE html>b<?xml x?>c"), "abc");
  EXPECT_EQ(T("a<!-- unterminated"), "a");
}

TEST(HtmlToText, CharacterReferencesFollowWhatwg) {
  EXPECT_EQ(T("&amp;&lt;&gt;&quot;&apos;"), "&<>\"'");
  EXPECT_EQ(T("&amp &copy2018"), "& \xC2\xA9" "2018");  // legacy references without ';'
  EXPECT_EQ(T("&#x1F600;&#128512;"), "\xF0\x9F\x98\x80\xF0\x9F\x98\x80");
  EXPECT_EQ(T("&#150;"), "\xE2\x80\x93");   // Windows-1252 remap: en dash
  EXPECT_EQ(T("&#0;&#xD800;"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(T("AT&T &nosuch; & x"), "AT&T &nosuch; & x");
  EXPECT_EQ(T("&NotEqualTilde;"), "\xE2\x89\x82\xCC\xB8");
}

TEST(HtmlToText, MalformedMarkupDegradesToText) {
  EXPECT_EQ(T("a < b and c<3"), "a < b and c<3");
  EXPECT_EQ(T("<a href=\"unterminated>text"), "");  // EOF inside a tag: the tag is dropped
  EXPECT_EQ(T("</>x</ p>y"), "xy");
  EXPECT_EQ(T(""), "");
  std::string bad = "ok \xFF\xFE <p>\xC3";
  std::string out = T(bad);
  EXPECT_TRUE(IsValidUtf8(out));
  EXPECT_EQ(out.substr(0, 3), "ok ");
}

TEST(HtmlUnescape, OnlyDecodes) {
  EXPECT_EQ(HtmlUnescape("&lt;p&gt;Go &amp;amp; Rust&lt;/p&gt;"), "<p>Go &amp; Rust</p>");
}

// libxml2's text content of the same fragment parsed as a document body (htmlReadMemory +
// xmlNodeGetContent), as an independent oracle.
std::string LibxmlText(std::string_view html) {
  std::string wrapped = "<html><body>" + std::string(html) + "</body></html>";
  htmlDocPtr doc = htmlReadMemory(wrapped.data(), static_cast<int>(wrapped.size()), nullptr, "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  std::string out;
  if (doc != nullptr) {
    if (xmlNodePtr root = xmlDocGetRootElement(doc)) {
      if (xmlChar* c = xmlNodeGetContent(root)) {
        out = reinterpret_cast<const char*>(c);
        xmlFree(c);
      }
    }
    xmlFreeDoc(doc);
  }
  return out;
}

// Text without any whitespace: the two converters place line breaks differently by design.
std::string Squeeze(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    char32_t cp = DecodeUtf8(s, i);
    if (!IsUnicodeSpace(cp)) out.append(s.substr(start, i - start));
  }
  return out;
}

TEST(HtmlToText, AgreesWithLibxml2OnTheSharedHnCorpus) {
  if (!testing::HaveShared("hn_whoishiring")) GTEST_SKIP() << "shared data not present";
  auto in = InputStream::Open(testing::HnFile());
  ASSERT_TRUE(in.ok());
  LineReader lines(std::move(in).value());
  simdjson::ondemand::parser parser;
  LineReader::Line line;
  int compared = 0, equal = 0;
  std::string example;
  for (;;) {
    auto st = lines.Next(line);
    ASSERT_TRUE(st.ok());
    if (*st == LineReader::State::kEof) break;
    simdjson::padded_string_view v(line.text.data(), line.text.size(), line.text.size() + LineReader::kPadding);
    simdjson::ondemand::document d;
    ASSERT_FALSE(parser.iterate(v).get(d));
    std::string_view html;
    if (d["text"].get_string().get(html)) continue;  // null text: a deleted comment
    ++compared;
    std::string ours = Squeeze(T(html));
    std::string theirs = Squeeze(LibxmlText(html));
    if (ours == theirs) {
      ++equal;
    } else if (example.empty()) {
      example = std::string(html.substr(0, 300));
    }
  }
  EXPECT_GT(compared, 54000);
  // Every posting's visible text matches libxml2's, up to whitespace (54,299 of 54,299 when
  // this test was written).
  EXPECT_EQ(equal, compared) << "first diff: " << example;
}

}  // namespace
}  // namespace skillpulse
