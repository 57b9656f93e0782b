// HTML -> plain text for job descriptions: the text a browser would show, with the block
// structure kept as line breaks so later extractors can see headings, bullets and the HN
// header line. Follows the WHATWG HTML tokenizer for what is text, markup, comment and raw
// text (script/style), and its named character reference table for entities.
//
// Why our own converter: descriptions are fragments with a handful of tags, and enrichment
// must run at >= 250 MB/s per core (issue 5). libxml2's SAX HTML parser reaches ~109 MB/s and
// gumbo ~24 MB/s on the shared HN file (measured, docs/BENCHMARKS.md). Whole HTML pages (career
// pages with JSON-LD) are parsed with libxml2; this converter is differential-tested against
// libxml2's text output on the shared HN corpus (tests/unit/html_text_test.cc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace skillpulse {

struct HtmlTextOptions {
  bool collect_links = false;  // fill HtmlText::links with every <a href>
};

struct HtmlText {
  std::string text;                // see HtmlToText
  std::vector<std::string> links;  // href values, entity-decoded, in document order
};

// Converts an HTML fragment or document to text:
//  - text runs: whitespace (incl. U+00A0) collapsed to one space; character references
//    decoded (named per WHATWG incl. legacy forms without ';', numeric with the Windows-1252
//    remap of 0x80-0x9F; NUL, surrogates and > U+10FFFF become U+FFFD; C0 controls dropped);
//  - <p>, headings, lists, tables, <pre>, <blockquote>, <hr>, sectioning elements: "\n\n";
//  - <br>, <div>, <tr>, <dt>, <dd>: "\n"; <li>: "\n- "; <td>/<th>: " ";
//  - inline elements add nothing ("<b>Go</b>lang" is "Golang", as rendered);
//  - <script>, <style>, <template>, <head> content, comments, <!...> and <?...> are dropped;
//  - <pre> keeps its whitespace and newlines, except spaces at a line's end and blank lines
//    beyond one in a row (the invariants below hold for it too).
// The result has no leading/trailing whitespace, no trailing spaces on lines, at most one
// blank line in a row, and is valid UTF-8 (ill-formed input bytes become U+FFFD).
// Never fails; malformed markup degrades to text as a browser would show it.
HtmlText HtmlToText(std::string_view html, const HtmlTextOptions& options = {});
// Same, appending to `out` (cleared first); reuses its capacity.
void HtmlToText(std::string_view html, std::string& out, std::vector<std::string>* links = nullptr);

// Decodes character references only (no tag handling, whitespace kept): for HTML that
// arrives entity-escaped (Greenhouse `content`, RSS <description>).
std::string HtmlUnescape(std::string_view s);

// True when `s` looks like it contains HTML markup (a tag or an entity), cheaply.
bool LooksLikeHtml(std::string_view s);

}  // namespace skillpulse
