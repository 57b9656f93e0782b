// The incremental JSON array reader (sources/json_records.h): elements split across reads
// and batches, broken elements quarantined with their position while the others are read,
// empty and truncated documents, read errors part way, and that a document is read only as
// far as the batch needs.
#include "sources/json_records.h"

#include <gtest/gtest.h>

#include <cstring>

#include "core/input.h"

namespace skillpulse {
namespace {

namespace od = simdjson::ondemand;

// A stream over `bytes` that fails with an I/O error once `fail_at` bytes were read.
class FailingStream : public InputStream {
 public:
  FailingStream(std::string bytes, size_t fail_at) : bytes_(std::move(bytes)), fail_at_(fail_at) {}
  Result<size_t> Read(char* buf, size_t n) override {
    if (pos_ >= fail_at_) return IoError("disk on fire");
    size_t k = std::min({n, fail_at_ - pos_, bytes_.size() - pos_});
    std::memcpy(buf, bytes_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  const std::string& path() const override { return path_; }

 private:
  std::string bytes_;
  size_t fail_at_;
  size_t pos_ = 0;
  std::string path_ = "failing";
};

Document MemoryDoc(const std::string& bytes) {
  Document d;
  d.origin = "doc.json";
  d.stem = "doc";
  d.size_bytes = bytes.size();
  d.open = [bytes]() -> Result<std::unique_ptr<InputStream>> { return InputStream::FromMemory("doc.json", bytes); };
  return d;
}

// The test format: an element is an object whose "id" is the posting's source_id; the
// element's index and offset go to origin_line and posted_at (to check positions).
simdjson::error_code ReadId(od::value v, const JsonRecord& rec, std::vector<JobPosting>& out, Diagnostics& diag) {
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  std::string_view id;
  if (auto e = obj.find_field_unordered("id").get_string().get(id)) {
    if (e != simdjson::NO_SUCH_FIELD) return e;
    diag.Quarantine({"test", "doc.json", rec.index, rec.offset, "no id", std::string(rec.Excerpt())});
    return simdjson::SUCCESS;
  }
  JobPosting p;
  p.source_id = std::string(id);
  p.origin_line = rec.index;
  p.posted_at = static_cast<int64_t>(rec.offset);
  p.description_html = std::string(rec.json);
  out.push_back(std::move(p));
  return simdjson::SUCCESS;
}

struct Drained {
  std::vector<JobPosting> postings;
  std::vector<size_t> batch_sizes;
};

Drained Drain(Source& src, Diagnostics& diag, size_t capacity) {
  Drained d;
  for (int guard = 0; guard < 10000; ++guard) {
    PostingBatch b;
    b.capacity = capacity;
    auto st = src.Next(b, diag);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    if (!st.ok()) break;
    d.batch_sizes.push_back(b.size());
    for (auto& p : b.postings) d.postings.push_back(std::move(p));
    if (*st == SourceState::kFinished) break;
  }
  return d;
}

std::vector<std::string> Ids(const std::vector<JobPosting>& all) {
  std::vector<std::string> ids;
  for (const auto& p : all) ids.push_back(p.source_id);
  return ids;
}
using Ids_t = std::vector<std::string>;

TEST(JsonRecords, ElementsSplitAcrossReadsAndBatches) {
  // Strings holding brackets, braces, commas, escaped quotes and backslashes: the splitter
  // must not end an element inside them, whichever byte a 5-byte read stops at.
  const std::string body =
      R"( [ {"id":"a","t":"x ] } , \" y"}, {"id":"b","n":{"k":[1,{"z":"]"}]}},)"
      R"({"id":"c","t":"back\\"} ,{"id":"d","t":"\\\"]"},{"id":"e"}] trailing)";
  Diagnostics diag(nullptr);
  auto src = OpenJsonRecords(MemoryDoc(body), {"test", "", "records"}, ReadId, /*chunk_bytes=*/5);
  Drained d = Drain(*src, diag, 2);
  EXPECT_EQ(Ids(d.postings), (Ids_t{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(d.batch_sizes, (std::vector<size_t>{2, 2, 1}));
  EXPECT_EQ(diag.quarantined_count(), 0u);
  EXPECT_EQ(diag.warning_count(), 0u);
  // Each element's exact bytes, index and offset in the document.
  EXPECT_EQ(d.postings[0].description_html, R"({"id":"a","t":"x ] } , \" y"})");
  EXPECT_EQ(d.postings[0].posted_at, static_cast<int64_t>(body.find(R"({"id":"a")")));
  EXPECT_EQ(d.postings[1].description_html, R"({"id":"b","n":{"k":[1,{"z":"]"}]}})");
  EXPECT_EQ(d.postings[2].description_html, R"({"id":"c","t":"back\\"})");
  EXPECT_EQ(d.postings[3].description_html, R"({"id":"d","t":"\\\"]"})");
  EXPECT_EQ(d.postings[3].origin_line, 4u);
  EXPECT_EQ(d.postings[4].posted_at, static_cast<int64_t>(body.find(R"({"id":"e")")));
}

TEST(JsonRecords, ArrayUnderAKeyAfterOtherKeys) {
  const std::string body = "\xEF\xBB\xBF" R"({"apiVersion":"1","meta":{"jobs":[{"id":"no"}],"s":"\"jobs\":["},)"
                           R"("jobs":[{"id":"j1"},{"id":"j2"}],"after":{"id":"never read"}})";
  for (size_t chunk : {size_t{3}, size_t{1} << 20}) {
    Diagnostics diag(nullptr);
    auto src = OpenJsonRecords(MemoryDoc(body), {"test", "jobs", "jobs"}, ReadId, chunk);
    Drained d = Drain(*src, diag, 512);
    EXPECT_EQ(Ids(d.postings), (Ids_t{"j1", "j2"})) << chunk;
    EXPECT_EQ(diag.quarantined_count(), 0u);
  }
}

TEST(JsonRecords, TopLevelStringBeforeTheArray) {
  const std::string head = "\xEF\xBB\xBF{ \"last_scraped\": \"2025-12-24\", \"meta\": {\"name\": \"inner\"}, "
                           "\"tags\": [\"a\"], \"name\" : \"Uber\", \"count\": 3, \"jobs\": [";
  EXPECT_EQ(TopLevelString(head, "name"), "Uber");  // not the nested one
  EXPECT_EQ(TopLevelString(head, "last_scraped"), "2025-12-24");
  EXPECT_EQ(TopLevelString(head, "count"), "");     // not a string
  EXPECT_EQ(TopLevelString(head, "company"), "");   // absent
  EXPECT_EQ(TopLevelString("[{\"name\": \"x\"}", "name"), "");  // a top-level array has no fields
  EXPECT_EQ(TopLevelString("{\"name\": \"A\\\"B\"", "name"), "");  // escaped: not decoded
  EXPECT_EQ(TopLevelString("{\"name\": \"unterminated", "name"), "");
  EXPECT_EQ(TopLevelString("", "name"), "");
}

TEST(JsonRecords, MalformedElementsMidArrayAreQuarantinedWithTheirPosition) {
  // The break comes before "id", so even this lazy reader runs into it.
  const std::string bad = R"({"t":"b" "oops","id":"x"})";
  const std::string body = std::string(R"([{"id":"1"},)") + bad + R"(, 42, {"t":"no id"}, {"id":"bad )" +
                           std::string("\xC3\x28") + R"("}, {"id":"6"}])";
  Diagnostics diag(nullptr);
  auto src = OpenJsonRecords(MemoryDoc(body), {"test", "", "postings"}, ReadId, 4);
  Drained d = Drain(*src, diag, 512);
  EXPECT_EQ(Ids(d.postings), (Ids_t{"1", "6"}));
  EXPECT_EQ(d.postings[1].origin_line, 6u);
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0].line, 2u);
  EXPECT_EQ(q[0].offset, body.find(bad));
  EXPECT_EQ(q[0].excerpt, bad);
  EXPECT_NE(q[0].reason.find("postings[1]: invalid JSON"), std::string::npos) << q[0].reason;
  EXPECT_EQ(q[1].line, 3u);
  EXPECT_EQ(q[1].offset, body.find("42"));
  EXPECT_EQ(q[1].reason, "postings[2] is not an object");
  EXPECT_EQ(q[2].line, 4u);
  EXPECT_EQ(q[2].reason, "no id");  // the callback's own verdict
  EXPECT_EQ(q[3].line, 5u);
  EXPECT_NE(q[3].reason.find("UTF-8"), std::string::npos) << q[3].reason;
}

// On-Demand parsing does not check that brackets match ("{"id":"2", "x": ]" reads as an
// object with id 2), so the splitter does: such an element is quarantined, not read, and the
// elements after it are (the fuzz target found this: json_records_fuzz).
TEST(JsonRecords, MismatchedBracketsAreQuarantinedNotRead) {
  const std::string bad = R"({"id":"2", "x": ])";
  const std::string body = std::string(R"([{"id":"1"}, )") + bad + R"(, {"id":"3", "y": [{"z": 1}]}])";
  Diagnostics diag(nullptr);
  auto src = OpenJsonRecords(MemoryDoc(body), {"test", "", "postings"}, ReadId, 3);
  Drained d = Drain(*src, diag, 512);
  EXPECT_EQ(Ids(d.postings), (Ids_t{"1", "3"}));
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].line, 2u);
  EXPECT_EQ(q[0].offset, body.find(bad));
  EXPECT_EQ(q[0].excerpt, bad);
  EXPECT_NE(q[0].reason.find("postings[1]: invalid JSON: ']' at byte " + std::to_string(body.find(bad) + bad.size() - 1)),
            std::string::npos)
      << q[0].reason;
}

TEST(JsonRecords, EmptyArrays) {
  for (std::string body : {"[]", " [ \n ] ", "[\n]\n"}) {
    Diagnostics diag(nullptr);
    auto src = OpenJsonRecords(MemoryDoc(body), {"test", "", "postings"}, ReadId, 1);
    Drained d = Drain(*src, diag, 512);
    EXPECT_TRUE(d.postings.empty()) << body;
    EXPECT_EQ(diag.quarantined_count(), 0u) << body;
    EXPECT_EQ(diag.warning_count(), 0u) << body;
  }
  Diagnostics diag(nullptr);
  auto src = OpenJsonRecords(MemoryDoc(R"({"jobs":[],"meta":{"total":0}})"), {"test", "jobs", "jobs"}, ReadId);
  EXPECT_TRUE(Drain(*src, diag, 512).postings.empty());
  EXPECT_EQ(diag.quarantined_count(), 0u);
}

TEST(JsonRecords, TruncatedDocuments) {
  // Inside an element: the complete ones are read, the cut one is quarantined.
  const std::string body = R"([{"id":"1"},{"id":"2"},{"id":"3","t":"cut he)";
  Diagnostics diag(nullptr);
  auto src = OpenJsonRecords(MemoryDoc(body), {"test", "", "postings"}, ReadId, 6);
  Drained d = Drain(*src, diag, 1);
  EXPECT_EQ(Ids(d.postings), (Ids_t{"1", "2"}));
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].line, 3u);
  EXPECT_EQ(q[0].offset, body.find(R"({"id":"3")"));
  EXPECT_EQ(q[0].excerpt, R"({"id":"3","t":"cut he)");
  EXPECT_EQ(q[0].reason, "postings[2]: the document ends inside this record (truncated at byte " +
                             std::to_string(body.size()) + ")");
  // Between elements: nothing to quarantine, a warning.
  Diagnostics diag2(nullptr);
  src = OpenJsonRecords(MemoryDoc(R"({"jobs":[{"id":"1"}, )"), {"test", "jobs", "jobs"}, ReadId, 2);
  EXPECT_EQ(Ids(Drain(*src, diag2, 512).postings), (Ids_t{"1"}));
  EXPECT_EQ(diag2.quarantined_count(), 0u);
  ASSERT_EQ(diag2.warning_count(), 1u);
  EXPECT_NE(diag2.warnings()[0].find("ends before its array is closed"), std::string::npos);
  // Before the array: the document is quarantined whole.
  Diagnostics diag3(nullptr);
  src = OpenJsonRecords(MemoryDoc(R"({"apiVersion":"1","jo)"), {"test", "jobs", "jobs"}, ReadId, 2);
  EXPECT_TRUE(Drain(*src, diag3, 512).postings.empty());
  auto q3 = diag3.TakeQuarantined();
  ASSERT_EQ(q3.size(), 1u);
  EXPECT_EQ(q3[0].line, 0u);
  EXPECT_EQ(q3[0].reason, "document no \"jobs\" array in a top-level object (it ends first)");
}

TEST(JsonRecords, WrongShapesAreQuarantinedWhole) {
  Diagnostics diag(nullptr);
  auto src = OpenJsonRecords(MemoryDoc(R"({"jobs":{"id":"1"}})"), {"test", "jobs", "jobs"}, ReadId);
  EXPECT_TRUE(Drain(*src, diag, 512).postings.empty());
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].reason, "document no \"jobs\" array in a top-level object");
  EXPECT_EQ(q[0].excerpt, R"({"jobs":{"id":"1"}})");
  Diagnostics diag2(nullptr);
  src = OpenJsonRecords(MemoryDoc(R"({"id":"1"})"), {"test", "", "postings"}, ReadId);
  EXPECT_TRUE(Drain(*src, diag2, 512).postings.empty());
  q = diag2.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].reason, "document not a JSON array");
}

TEST(JsonRecords, StrayStructureBetweenElementsIsSkipped) {
  const std::string body = R"([{"id":"1"} } {"id":"2"}])";
  Diagnostics diag(nullptr);
  auto src = OpenJsonRecords(MemoryDoc(body), {"test", "", "postings"}, ReadId);
  EXPECT_EQ(Ids(Drain(*src, diag, 512).postings), (Ids_t{"1", "2"}));
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].line, 2u);
  EXPECT_EQ(q[0].offset, body.find('}', body.find('}') + 1));
  EXPECT_NE(q[0].reason.find("unexpected '}' between elements"), std::string::npos) << q[0].reason;
}

TEST(JsonRecords, ReadErrorPartWayKeepsTheElementsBefore) {
  const std::string body = R"([{"id":"1"},{"id":"2"},{"id":"3"}])";
  const size_t fail_at = body.find(R"({"id":"3")") + 3;
  Document doc = MemoryDoc(body);
  doc.open = [body, fail_at]() -> Result<std::unique_ptr<InputStream>> {
    return std::unique_ptr<InputStream>(new FailingStream(body, fail_at));
  };
  Diagnostics diag(nullptr);
  auto src = OpenJsonRecords(doc, {"test", "", "postings"}, ReadId, 4);
  EXPECT_EQ(Ids(Drain(*src, diag, 512).postings), (Ids_t{"1", "2"}));
  EXPECT_EQ(diag.counter("documents.truncated"), 1);
  auto q = diag.TakeQuarantined();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].line, 3u);
  EXPECT_NE(q[0].reason.find("truncated at byte " + std::to_string(fail_at)), std::string::npos) << q[0].reason;
}

TEST(JsonRecords, UnopenableDocumentIsAnError) {
  Document doc = MemoryDoc("[]");
  doc.open = []() -> Result<std::unique_ptr<InputStream>> { return NotFound("doc.json: no such file"); };
  Diagnostics diag(nullptr);
  auto src = OpenJsonRecords(doc, {"test", "", "postings"}, ReadId);
  PostingBatch b;
  auto st = src->Next(b, diag);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().code(), StatusCode::kNotFound);
}

TEST(JsonRecords, ReadsOnlyAsFarAsTheBatchNeeds) {
  // 4,000 elements of ~1 KB: the first batch of 10 must not read the whole 4 MB document.
  std::string body = "[";
  const std::string pad(1000, 'x');
  for (int i = 0; i < 4000; ++i) body += (i ? "," : "") + std::string(R"({"id":")") + std::to_string(i) + R"(","p":")" + pad + "\"}";
  body += "]";
  Diagnostics diag(nullptr);
  auto src = OpenJsonRecords(MemoryDoc(body), {"test", "", "postings"}, ReadId, 64 << 10);
  PostingBatch b;
  b.capacity = 10;
  auto st = src->Next(b, diag);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(*st, SourceState::kHaveMore);
  EXPECT_EQ(b.size(), 10u);
  EXPECT_LE(src->bytes_read(), size_t{128} << 10);  // a chunk, and the few bytes of the format sniff
  Drained rest = Drain(*src, diag, 512);
  EXPECT_EQ(rest.postings.size(), 3990u);
  EXPECT_EQ(rest.postings.back().source_id, "3999");
  EXPECT_EQ(src->bytes_read(), body.size());
}

TEST(JsonRecords, ElementLargerThanAChunk) {
  const std::string big(300000, 'q');
  const std::string body = R"([{"id":"small"},{"id":"big","p":")" + big + R"("},{"id":"after"}])";
  Diagnostics diag(nullptr);
  auto src = OpenJsonRecords(MemoryDoc(body), {"test", "", "postings"}, ReadId, 16);
  Drained d = Drain(*src, diag, 512);
  EXPECT_EQ(Ids(d.postings), (Ids_t{"small", "big", "after"}));
  EXPECT_EQ(d.postings[1].description_html.size(), big.size() + 19);
}

}  // namespace
}  // namespace skillpulse
