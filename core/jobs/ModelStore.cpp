#include "jobs/ModelStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace cocoon::jobs {

ModelStore::ModelStore(QStringList dirs)
    : m_dirs(std::move(dirs))
{ }

void ModelStore::refresh()
{
    std::map<QString, Seen> now;
    QFileInfoList files;
    for (const QString& dir : m_dirs)
        files << QDir(dir).entryInfoList({QStringLiteral("*.gguf")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QFileInfo& f : files) {
        const QString path = f.absoluteFilePath();
        if (auto it = m_seen.find(path);
            it != m_seen.end() && it->second.size == f.size() && it->second.modified == f.lastModified()) {
            now[path] = it->second;
            continue;
        }
        Seen s {f.size(), f.lastModified(), {}};
        ModelEntry& e = s.entry;
        e.path = path;
        e.bytes = std::uint64_t(f.size());
        e.name = f.completeBaseName();
        std::string why;
        if (const auto info = kernels::inspectModelFile(path.toStdString(), why)) {
            e.architecture = QString::fromStdString(info->architecture);
            if (!info->name.empty())
                e.name = QString::fromStdString(info->name).left(100);
            e.sha256 = QByteArray(reinterpret_cast<const char*>(info->sha256.data()), qsizetype(info->sha256.size()));
        } else {
            e.problem = QString::fromStdString(why);
        }
        now[path] = std::move(s);
    }
    m_seen = std::move(now);
}

QList<ModelEntry> ModelStore::entries() const
{
    QList<ModelEntry> all;
    for (const auto& [path, s] : m_seen)
        all << s.entry;
    return all;
}

QList<ModelEntry> ModelStore::served() const
{
    QList<ModelEntry> ok;
    for (const auto& [path, s] : m_seen) {
        if (s.entry.problem.isEmpty() && s.entry.sha256.size() == 32)
            ok << s.entry;
    }
    return ok;
}

ModelLookup ModelStore::lookup() const
{
    auto byHash = std::make_shared<std::map<std::array<std::uint8_t, 32>, std::string>>();
    for (const ModelEntry& e : served()) {
        std::array<std::uint8_t, 32> h {};
        std::copy(e.sha256.begin(), e.sha256.end(), h.begin());
        (*byHash)[h] = e.path.toStdString();
    }
    return [byHash](const std::array<std::uint8_t, 32>& h) -> std::optional<std::string> {
        const auto it = byHash->find(h);
        return it == byHash->end() ? std::nullopt : std::optional(it->second);
    };
}

} // namespace cocoon::jobs
