// Bootstrap implementation: recognises nothing yet. Replaced by the real
// recogniser (issue 3) before that issue is resolved.
#include "entities.h"

#include "data_files.h"

namespace news {

struct EntityRecognizer::Data {
  std::vector<EntityAlias> aliases;
};

EntityRecognizer::EntityRecognizer() : data_(std::make_unique<Data>()) {}
EntityRecognizer::~EntityRecognizer() = default;

const EntityRecognizer& EntityRecognizer::standard() {
  static const EntityRecognizer recognizer;
  return recognizer;
}

std::unique_ptr<EntityRecognizer> EntityRecognizer::from_directory(const std::string&) {
  return std::unique_ptr<EntityRecognizer>(new EntityRecognizer());
}

std::vector<EntityMention> EntityRecognizer::recognise(std::string_view, const std::vector<Token>&) const { return {}; }

std::optional<EntityAlias> EntityRecognizer::resolve(std::string_view, std::optional<EntityType>) const {
  return std::nullopt;
}

const std::vector<EntityAlias>& EntityRecognizer::aliases() const { return data_->aliases; }

}  // namespace news
