#include "store/text_codec.h"

#define ZDICT_STATIC_LINKING_ONLY  // ZDICT_trainFromBuffer_fastCover (exported by libzstd 1.5)
#include <zdict.h>
#include <zstd.h>

#include <algorithm>

namespace skillpulse {

struct TextCodec::Dict {
  uint32_t id = 0;
  ZSTD_CDict* cdict = nullptr;
  ZSTD_DDict* ddict = nullptr;
  ~Dict() {
    ZSTD_freeCDict(cdict);
    ZSTD_freeDDict(ddict);
  }
};

namespace {

struct ThreadContexts {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  std::string frame;  // Compress's output buffer: grows to the largest compressBound seen
  ~ThreadContexts() {
    ZSTD_freeCCtx(cctx);
    ZSTD_freeDCtx(dctx);
  }
};

ThreadContexts& Contexts() {
  static thread_local ThreadContexts t;
  return t;
}

}  // namespace

TextCodec::TextCodec(std::vector<TextDictionary> known, TextCodecOptions options) : options_(options) {
  for (const TextDictionary& d : known) AddDictionary(d);
  if (!dicts_.empty() || !options_.train) trained_ = true;  // a store trains at most once
}

TextCodec::~TextCodec() = default;

void TextCodec::AddDictionary(const TextDictionary& d) {
  auto dict = std::make_shared<Dict>();
  dict->id = d.id;
  dict->cdict = ZSTD_createCDict(d.bytes.data(), d.bytes.size(), options_.level);
  dict->ddict = ZSTD_createDDict(d.bytes.data(), d.bytes.size());
  if (dict->cdict == nullptr || dict->ddict == nullptr || d.id == 0 || ZSTD_getDictID_fromDDict(dict->ddict) != d.id) {
    return;
  }
  std::lock_guard lock(mu_);
  dicts_[d.id] = dict;
  if (!current_ || current_->id < d.id) current_ = dict;
}

uint32_t TextCodec::current_dictionary_id() const {
  std::lock_guard lock(mu_);
  return current_ ? current_->id : 0;
}

void TextCodec::Compress(std::string_view text, std::string& out) const {
  out.clear();
  if (text.empty()) return;
  std::shared_ptr<const Dict> dict;
  bool train = false;
  {
    std::lock_guard lock(mu_);
    dict = current_;
    if (!dict && !trained_ && !training_) {
      const size_t n = std::min(text.size(), options_.max_sample_bytes);
      samples_.append(text.substr(0, n));
      sample_sizes_.push_back(n);
      if (samples_.size() >= options_.train_after_bytes) train = training_ = true;
    }
  }
  ThreadContexts& ctx = Contexts();
  // Compress into a per-thread buffer and copy the frame out: `out` gets one allocation of
  // the frame's size instead of a zero-filled ZSTD_compressBound(text) one (~3x the frame)
  // kept as capacity by every prepared blob of a batch.
  std::string& buf = ctx.frame;
  if (buf.size() < ZSTD_compressBound(text.size())) buf.resize(ZSTD_compressBound(text.size()));
  size_t n = dict ? ZSTD_compress_usingCDict(ctx.cctx, buf.data(), buf.size(), text.data(), text.size(), dict->cdict)
                  : ZSTD_compressCCtx(ctx.cctx, buf.data(), buf.size(), text.data(), text.size(), options_.level);
  if (!ZSTD_isError(n)) out.assign(buf.data(), n);
  if (train) Train();
}

void TextCodec::Train() const {
  // The samples are only appended to while training_ is false: read them without the lock.
  std::string dict(options_.dictionary_bytes, '\0');
  // FastCover with fixed parameters instead of ZDICT_trainFromBuffer's search over k: 34 ms
  // instead of 300 ms for 4 MB of HN texts, and as good a dictionary (ratio 2.34 vs 2.27 on
  // the texts after the samples; bench/store_text_bench BM_TrainFastCover).
  ZDICT_fastCover_params_t params{};
  params.k = 1000;  // segment size
  params.d = 8;     // dmer size
  params.f = 20;    // log2 of the frequency table (6 * 2^20 bytes while training)
  params.accel = 4;
  params.zParams.compressionLevel = options_.level;
  size_t n = ZDICT_trainFromBuffer_fastCover(dict.data(), dict.size(), samples_.data(), sample_sizes_.data(),
                                             static_cast<unsigned>(sample_sizes_.size()), params);
  std::shared_ptr<Dict> made;
  if (!ZDICT_isError(n)) {
    dict.resize(n);
    made = std::make_shared<Dict>();
    made->id = ZDICT_getDictID(dict.data(), dict.size());
    made->cdict = ZSTD_createCDict(dict.data(), dict.size(), options_.level);
    made->ddict = ZSTD_createDDict(dict.data(), dict.size());
    if (made->id == 0 || made->cdict == nullptr || made->ddict == nullptr) made.reset();
  }
  std::lock_guard lock(mu_);
  training_ = false;
  trained_ = true;  // also after a failure (too few distinct samples): no retry per text
  samples_.clear();
  samples_.shrink_to_fit();
  sample_sizes_.clear();
  sample_sizes_.shrink_to_fit();
  // An id the store already holds for another dictionary would make old frames unreadable.
  if (!made || dicts_.count(made->id) > 0) return;
  dicts_[made->id] = made;
  current_ = made;
  fresh_ = TextDictionary{made->id, std::move(dict)};
}

std::optional<TextDictionary> TextCodec::TakeTrained() {
  std::lock_guard lock(mu_);
  std::optional<TextDictionary> d = std::move(fresh_);
  fresh_.reset();
  return d;
}

Status TextCodec::Decompress(std::string_view frame, size_t size_hint, std::string& out) const {
  out.clear();
  if (frame.empty()) return Status::Ok();
  size_t size = size_hint;
  if (size == 0) {
    unsigned long long c = ZSTD_getFrameContentSize(frame.data(), frame.size());
    if (c == ZSTD_CONTENTSIZE_ERROR) return Internal("stored description: not a zstd frame");
    if (c != ZSTD_CONTENTSIZE_UNKNOWN) size = static_cast<size_t>(c);
  }
  const unsigned id = ZSTD_getDictID_fromFrame(frame.data(), frame.size());
  std::shared_ptr<const Dict> dict;
  if (id != 0) {
    std::lock_guard lock(mu_);
    auto it = dicts_.find(id);
    if (it == dicts_.end()) {
      return Internal("stored description needs text dictionary " + std::to_string(id) +
                      ", which is not in the store's text_dictionaries");
    }
    dict = it->second;
  }
  out.resize(size);
  ZSTD_DCtx* dctx = Contexts().dctx;
  size_t n = dict ? ZSTD_decompress_usingDDict(dctx, out.data(), out.size(), frame.data(), frame.size(), dict->ddict)
                  : ZSTD_decompressDCtx(dctx, out.data(), out.size(), frame.data(), frame.size());
  if (ZSTD_isError(n)) {
    out.clear();
    return Internal(std::string("stored description does not decompress: ") + ZSTD_getErrorName(n));
  }
  out.resize(n);
  return Status::Ok();
}

}  // namespace skillpulse
