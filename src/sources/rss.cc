// Job feeds in RSS 2.0 (https://www.rssboard.org/rss-specification), RSS 1.0 (RDF) and Atom
// (RFC 4287), parsed with pugixml. The item vocabulary is We Work Remotely's: <title> as
// "Company: Role", custom <region>, <category>, <type>, <expires_at>, an entity-encoded HTML
// <description> (it starts with a "Headquarters: ... URL: ..." block, kept as written),
// <pubDate> in RFC 822, <guid>, <link>. Atom entries: <id>, <title>, <link href>,
// <published>/<updated>, <content>/<summary>, <author><name>.
//
// A feed that is not well-formed XML (truncated, a bad byte, an unclosed tag) is read item
// by item: each <item>...</item> (or <entry>) is parsed on its own, a broken one is
// quarantined with its line and byte offset, the others are read.
#include <pugixml.hpp>

#include <memory>
#include <sstream>

#include "core/text.h"
#include "enrich/html_text.h"
#include "sources/formats.h"
#include "sources/mapping.h"
#include "sources/source_util.h"

namespace skillpulse {
namespace {

constexpr std::string_view kType = "rss";

// "media:content" -> "content"; names compared without their namespace prefix.
std::string_view LocalName(const char* name) {
  std::string_view n(name);
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

bool NameIs(pugi::xml_node n, std::string_view local) { return EqualsIgnoreAsciiCase(LocalName(n.name()), local); }

// The text of an element: its text and CDATA children joined; an element holding markup
// instead (Atom type="xhtml") gives that markup serialized.
std::string NodeText(pugi::xml_node n) {
  std::string out;
  bool has_elements = false;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out += c.value();
    } else if (c.type() == pugi::node_element) {
      has_elements = true;
    }
  }
  if (has_elements && TrimAscii(out).empty()) {
    std::ostringstream s;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) c.print(s, "", pugi::format_raw);
    out = s.str();
  }
  return out;
}

// The first child element with one of the local names, in the order of `names`.
pugi::xml_node Child(pugi::xml_node item, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && NameIs(c, name)) return c;
    }
  }
  return {};
}

std::string ChildText(pugi::xml_node item, std::initializer_list<std::string_view> names) {
  pugi::xml_node c = Child(item, names);
  return c ? NodeText(c) : std::string();
}

// The element children of an item with their local names, gathered in one pass (a feed
// item is read field by field; walking the DOM per field dominated the profile).
class Children {
 public:
  explicit Children(pugi::xml_node item) {
    for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element) kids_.emplace_back(LocalName(c.name()), c);
    }
  }
  // The first child with one of the names, in the order of `names`.
  pugi::xml_node Find(std::initializer_list<std::string_view> names) const {
    for (std::string_view name : names) {
      for (const auto& [local, node] : kids_) {
        if (EqualsIgnoreAsciiCase(local, name)) return node;
      }
    }
    return {};
  }
  std::string Text(std::initializer_list<std::string_view> names) const {
    pugi::xml_node c = Find(names);
    return c ? NodeText(c) : std::string();
  }
  const std::vector<std::pair<std::string_view, pugi::xml_node>>& all() const { return kids_; }

 private:
  std::vector<std::pair<std::string_view, pugi::xml_node>> kids_;
};

struct FeedInfo {
  bool atom = false;
  bool remote_board = false;  // We Work Remotely: every posting is remote
};

bool IsRemoteBoard(std::string_view link) { return link.find("weworkremotely.com") != std::string_view::npos; }

// Atom <link rel="alternate" href> (or the first link without rel); RSS <link>text</link>.
std::string ItemLink(const Children& kids) {
  std::string first;
  for (const auto& [local, c] : kids.all()) {
    if (!EqualsIgnoreAsciiCase(local, "link")) continue;
    std::string href = c.attribute("href").value();
    if (href.empty()) href = std::string(TrimAscii(NodeText(c)));
    if (href.empty()) continue;
    std::string_view rel = c.attribute("rel").value();
    if (rel.empty() || rel == "alternate") return href;
    if (first.empty()) first = href;
  }
  return first;
}

void SetDescription(JobPosting& p, std::string text) {
  if (LooksLikeHtml(text)) {
    p.description_html = std::move(text);
  } else {
    p.description_text = std::move(text);
  }
}

// Maps one <item> or <entry>. Returns a reason when it cannot be a posting.
std::optional<std::string> MapItem(pugi::xml_node item, const FeedInfo& feed, JobPosting& p) {
  const Children kids(item);
  std::string title = CollapseWhitespace(kids.Text({"title"}));
  p.company = CollapseWhitespace(kids.Text({"company", "company_name", "companyName", "hiringOrganization"}));
  if (p.company.empty()) {
    // We Work Remotely: "Company: Role".
    size_t sep = title.find(": ");
    if (sep != std::string::npos && sep > 0) {
      p.company = std::string(TrimAscii(std::string_view(title).substr(0, sep)));
      title = std::string(TrimAscii(std::string_view(title).substr(sep + 2)));
    }
  }
  p.title = std::move(title);
  if (p.company.empty() && feed.atom) {
    if (pugi::xml_node author = kids.Find({"author"})) p.company = CollapseWhitespace(Children(author).Text({"name"}));
  }
  p.url = ItemLink(kids);
  if (feed.atom) {
    pugi::xml_node content = kids.Find({"content", "summary"});
    if (content) {
      std::string_view type = content.attribute("type").value();
      std::string text = NodeText(content);
      if (type == "html" || type == "xhtml" || type == "text/html") {
        p.description_html = std::move(text);
      } else {
        SetDescription(p, std::move(text));
      }
    }
  } else {
    // content:encoded carries the full body in feeds that also give a short description.
    std::string encoded = kids.Text({"encoded"});
    std::string description = kids.Text({"description"});
    SetDescription(p, encoded.size() > description.size() ? std::move(encoded) : std::move(description));
  }
  if (p.title.empty() && p.description_html.empty() && TrimAscii(p.description_text).empty()) {
    return std::string("item has neither a title nor a description");
  }
  p.location = CollapseWhitespace(kids.Text({"region", "location", "job_location", "joblocation"}));
  p.department = CollapseWhitespace(kids.Text({"category"}));
  if (p.department.empty()) {
    if (pugi::xml_node cat = kids.Find({"category"})) p.department = CollapseWhitespace(cat.attribute("term").value());
  }
  p.employment_type_raw = CollapseWhitespace(kids.Text({"type", "job_type", "jobtype", "employmentType"}));
  p.salary_text = CollapseWhitespace(kids.Text({"salary"}));
  std::string date = kids.Text(feed.atom ? std::initializer_list<std::string_view>{"published", "updated"}
                                         : std::initializer_list<std::string_view>{"pubDate", "date", "published"});
  p.posted_at = ParseLooseTimestamp(date);
  if (std::string expires = kids.Text({"expires_at", "expires", "validThrough"}); !expires.empty()) {
    p.valid_through = ParseLooseTimestamp(expires);
  }
  p.source_id = std::string(TrimAscii(kids.Text({feed.atom ? "id" : "guid"})));
  if (p.source_id.empty()) p.source_id = p.url;
  if (p.source_id.empty()) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx",
                  static_cast<unsigned long long>(
                      Hash64(p.company + '\x1f' + p.title + '\x1f' + p.description_html + p.description_text)));
    p.source_id = buf;
  }
  if (feed.remote_board || IsRemoteBoard(p.url)) p.work_mode = WorkMode::kRemote;
  const std::pair<std::string_view, const std::string*> texts[] = {{"title", &p.title},
                                                                   {"company", &p.company},
                                                                   {"description", &p.description_html},
                                                                   {"description", &p.description_text},
                                                                   {"location", &p.location},
                                                                   {"guid", &p.source_id},
                                                                   {"link", &p.url},
                                                                   {"category", &p.department}};
  for (const auto& [name, value] : texts) {
    if (!IsValidUtf8(*value)) return "invalid UTF-8 in <" + std::string(name) + ">";
  }
  if (auto big = OversizedField(p)) return *big;
  return std::nullopt;
}

uint64_t LineAt(std::string_view bytes, size_t offset) {
  offset = std::min(offset, bytes.size());
  uint64_t line = 1;
  for (size_t i = 0; i < offset; ++i) line += bytes[i] == '\n';
  return line;
}

// Reads one feed. The document is parsed whole (pugixml), but its items are mapped into
// postings only as batches ask for them, so a feed's postings are never all in memory next
// to its DOM (a 18 MB We Work Remotely feed: ~40 MB less at the peak; docs/BENCHMARKS.md).
class FeedSource : public Source {
 public:
  FeedSource(const SourceSpec& spec, Document doc)
      : doc_(std::move(doc)), source_(spec.name.empty() ? std::string(kType) : spec.name) {}
  ~FeedSource() override { RecycleDocument(std::move(bytes_)); }

  Result<SourceState> Next(PostingBatch& batch, Diagnostics& diag) override {
    if (!opened_) {
      opened_ = true;
      SP_TRY(Open(diag));
    }
    if (item_by_item_) {
      ItemByItem(batch, diag);
    } else {
      FromDom(batch, diag);
    }
    if (!done_) return SourceState::kHaveMore;
    xml_.reset();
    RecycleDocument(std::move(bytes_));
    bytes_ = std::string();
    return SourceState::kFinished;
  }

  uint64_t bytes_read() const override { return bytes_size_; }

 private:
  Status Open(Diagnostics& diag) {
    SP_ASSIGN_OR_RETURN(bytes_, ReadDocument(doc_, diag));
    bytes_size_ = bytes_.size();
    xml_ = std::make_unique<pugi::xml_document>();
    pugi::xml_parse_result r = xml_->load_buffer(bytes_.data(), bytes_.size(), pugi::parse_default, pugi::encoding_auto);
    if (!r) {
      xml_.reset();
      StartItemByItem(r, diag);
      return Status::Ok();
    }
    pugi::xml_node root = xml_->document_element();
    pugi::xml_node container;
    if (NameIs(root, "rss")) {
      container = Child(root, {"channel"});
      feed_.remote_board = IsRemoteBoard(ChildText(container, {"link"}));
    } else if (NameIs(root, "RDF")) {
      container = root;  // RSS 1.0: items are siblings of the channel
      feed_.remote_board = IsRemoteBoard(ChildText(Child(root, {"channel"}), {"link"}));
    } else if (NameIs(root, "feed")) {
      container = root;
      feed_.atom = true;
      feed_.remote_board = IsRemoteBoard(ItemLink(Children(root)));
    } else {
      diag.Quarantine({source_, doc_.origin, 0, 0,
                       "not an RSS or Atom feed (root element <" + std::string(root.name()) + ">)",
                       std::string(ExcerptAt(0))});
      done_ = true;
      return Status::Ok();
    }
    item_ = container.first_child();
    return Status::Ok();
  }

  void FromDom(PostingBatch& batch, Diagnostics& diag) {
    for (; item_ && !batch.full(); item_ = item_.next_sibling()) {
      if (item_.type() != pugi::node_element || !NameIs(item_, feed_.atom ? "entry" : "item")) continue;
      ++index_;
      // Line of the item, counted forward from the previous one.
      ptrdiff_t off = item_.offset_debug();
      size_t offset = off > 0 ? static_cast<size_t>(off - 1) : 0;  // offset_debug points past '<'
      LineTo(offset);
      Emit(item_, index_, line_, offset, batch, diag);
    }
    if (!item_) done_ = true;
  }

  std::string_view ExcerptAt(size_t offset) const {
    if (offset >= bytes_.size()) return {};
    return std::string_view(bytes_).substr(offset, Diagnostics::kMaxExcerptBytes);
  }

  // Advances line_ to the line of byte `offset` (counting forward from the last item).
  void LineTo(size_t offset) {
    if (offset < line_offset_ || offset > bytes_.size()) return;
    for (size_t i = line_offset_; i < offset; ++i) line_ += bytes_[i] == '\n';
    line_offset_ = offset;
  }

  void Emit(pugi::xml_node item, uint64_t index, uint64_t line, size_t offset, PostingBatch& batch,
            Diagnostics& diag) {
    JobPosting p;
    if (auto problem = MapItem(item, feed_, p)) {
      diag.Quarantine({source_, doc_.origin, line, offset,
                       std::string(feed_.atom ? "entry " : "item ") + std::to_string(index) + ": " + *problem,
                       std::string(ExcerptAt(offset).substr(0, 512))});
      return;
    }
    p.source = source_;
    p.origin = doc_.origin;
    p.origin_line = line;
    batch.postings.push_back(std::move(p));
  }

  // Finds "<item" / "<entry" start tags (not "<items", "<itemRef").
  static size_t FindTag(std::string_view s, std::string_view tag, size_t from) {
    for (;;) {
      size_t at = s.find(tag, from);
      if (at == std::string_view::npos) return at;
      size_t after = at + tag.size();
      if (after < s.size() && (s[after] == '>' || s[after] == ' ' || s[after] == '\n' || s[after] == '\t' ||
                               s[after] == '\r' || s[after] == '/')) {
        return at;
      }
      from = after;
    }
  }

  // The feed is not well-formed: each item is read on its own.
  void StartItemByItem(const pugi::xml_parse_result& error, Diagnostics& diag) {
    item_by_item_ = true;
    std::string_view s(bytes_);
    size_t first_item = FindTag(s, "<item", 0);
    size_t first_entry = FindTag(s, "<entry", 0);
    feed_.atom =
        first_entry != std::string_view::npos && (first_item == std::string_view::npos || first_entry < first_item);
    at_ = feed_.atom ? first_entry : first_item;
    feed_.remote_board = IsRemoteBoard(s.substr(0, std::min(at_, s.size())));
    std::string doc_error = std::string(error.description()) + " at byte " + std::to_string(error.offset) + " (line " +
                            std::to_string(LineAt(s, static_cast<size_t>(error.offset))) + ")";
    if (at_ == std::string_view::npos) {
      diag.Quarantine({source_, doc_.origin, LineAt(s, static_cast<size_t>(error.offset)),
                       static_cast<uint64_t>(error.offset),
                       "invalid XML, and no <item> or <entry> found: " + doc_error, std::string(ExcerptAt(0))});
      done_ = true;
      return;
    }
    diag.Warn(doc_.origin + ": invalid XML (" + doc_error + "); reading the feed item by item");
  }

  void ItemByItem(PostingBatch& batch, Diagnostics& diag) {
    std::string_view s(bytes_);
    std::string_view open = feed_.atom ? "<entry" : "<item";
    std::string_view close = feed_.atom ? "</entry>" : "</item>";
    for (; at_ != std::string_view::npos && !batch.full(); at_ = FindTag(s, open, at_ + 1)) {
      const size_t at = at_;
      ++index_;
      LineTo(at);
      std::string label = std::string(feed_.atom ? "entry " : "item ") + std::to_string(index_);
      size_t end = s.find(close, at);
      size_t next = FindTag(s, open, at + 1);
      if (end == std::string_view::npos || (next != std::string_view::npos && next < end)) {
        std::string why = end == std::string_view::npos ? "the document ends inside this item (truncated)"
                                                        : "not closed before the next one starts";
        diag.Quarantine(
            {source_, doc_.origin, line_, at, label + ": " + why, std::string(ExcerptAt(at).substr(0, 512))});
        continue;
      }
      end += close.size();
      pugi::xml_document one;
      pugi::xml_parse_result r = one.load_buffer(s.data() + at, end - at, pugi::parse_default, pugi::encoding_utf8);
      if (!r) {
        diag.Quarantine({source_, doc_.origin, line_, at,
                         label + ": invalid XML: " + r.description() + " at byte " +
                             std::to_string(at + static_cast<size_t>(r.offset)),
                         std::string(ExcerptAt(at).substr(0, 512))});
        continue;
      }
      Emit(one.document_element(), index_, line_, at, batch, diag);
    }
    if (at_ == std::string_view::npos) done_ = true;
  }

  Document doc_;
  std::string source_;
  std::string bytes_;
  uint64_t bytes_size_ = 0;
  bool opened_ = false;
  bool done_ = false;
  FeedInfo feed_;
  // Well-formed feeds: the DOM and the next child of the item container.
  std::unique_ptr<pugi::xml_document> xml_;
  pugi::xml_node item_;
  // Malformed feeds: the byte offset of the next item's start tag.
  bool item_by_item_ = false;
  size_t at_ = std::string_view::npos;
  uint64_t index_ = 0;       // items seen, 1-based in messages
  uint64_t line_ = 1;        // line of line_offset_
  size_t line_offset_ = 0;
};

Result<std::unique_ptr<Source>> Open(const SourceSpec& spec, const Document& doc) {
  return std::unique_ptr<Source>(new FeedSource(spec, doc));
}

// The root element's name, after the XML declaration, comments, processing instructions and
// a DOCTYPE; "" when the head is not XML.
std::string_view RootElement(std::string_view head) {
  size_t i = 0;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  for (;;) {
    while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
    if (i >= head.size() || head[i] != '<') return "";
    if (head.substr(i, 4) == "<!--") {
      size_t end = head.find("-->", i + 4);
      if (end == std::string_view::npos) return "";
      i = end + 3;
    } else if (head.substr(i, 2) == "<?" || head.substr(i, 2) == "<!") {
      size_t end = head.find('>', i + 2);
      if (end == std::string_view::npos) return "";
      i = end + 1;
    } else {
      size_t b = i + 1;
      size_t e = b;
      while (e < head.size() && head[e] != '>' && head[e] != ' ' && head[e] != '\n' && head[e] != '\r' &&
             head[e] != '\t' && head[e] != '/') {
        ++e;
      }
      return head.substr(b, e - b);
    }
  }
}

int Sniff(std::string_view origin, std::string_view head) {
  (void)origin;
  std::string_view root = RootElement(head);
  if (root.empty()) return 0;
  std::string_view local = root.substr(root.rfind(':') == std::string_view::npos ? 0 : root.rfind(':') + 1);
  if (local == "rss") return 90;
  if (local == "feed") return 85;
  if (local == "RDF") return 80;
  return 0;
}

std::vector<std::string> Urls(const SourceSpec& spec) {
  if (IsHttpUrl(spec.location)) return {spec.location};
  return {};
}

}  // namespace

void RegisterRssSource(SourceRegistry& r) {
  SourceFormat f;
  f.type = kType;
  f.description = "RSS 2.0 / RSS 1.0 / Atom job feeds (We Work Remotely style items; rss:URL_OR_FILE)";
  f.sniff = Sniff;
  f.open = Open;
  f.urls = Urls;
  r.Register(f);
}

}  // namespace skillpulse
