#include "common/SharedLibrary.h"

namespace cocoon {

Expected<SharedLibrary, QString> SharedLibrary::load(const QString& fileName)
{
    auto library = std::make_shared<QLibrary>(fileName);
    // Its own symbols only: two libraries (or two versions of one) must not resolve each other's.
    library->setLoadHints(QLibrary::ResolveAllSymbolsHint);
    if (!library->load()) {
        return unexpected(QStringLiteral("%1 could not be loaded (%2)").arg(fileName, library->errorString()));
    }
    return SharedLibrary(std::move(library));
}

} // namespace cocoon
