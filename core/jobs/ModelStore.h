#pragma once
// The language models a node serves (ai.generate). The allow-list is a folder: the GGUF files the
// node's owner put there (by default <data dir>/models). Each file is checked the way a job will
// check it (kernels::inspectModelFile: size, metadata and architecture limits) and hashed once
// per size and modification time; jobs name models by that SHA-256. The hash comes from the
// kernel's own per-file-version digest (inspectModelFile), so the node's first job on a model
// does not read it again, and a file changed since is hashed again before it is loaded.
#include "jobs/Catalogue.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <map>
#include <memory>

namespace cocoon::jobs {

struct ModelEntry
{
    QString path;
    QByteArray sha256; ///< empty when the file was refused
    std::uint64_t bytes = 0;
    QString name; ///< general.name, or the file name
    QString architecture;
    QString problem; ///< why it is not served (empty: served)
};

class ModelStore
{
public:
    /// The folders whose .gguf files are served.
    explicit ModelStore(QStringList dirs);
    const QStringList& dirs() const { return m_dirs; }
    /// Scans the folder again (new, changed and removed files).
    void refresh();
    /// Every .gguf file found, served or not (with the reason).
    QList<ModelEntry> entries() const;
    /// The served ones.
    QList<ModelEntry> served() const;
    /// For jobs (any thread): a snapshot of the served models by hash.
    ModelLookup lookup() const;

private:
    struct Seen
    {
        qint64 size = -1;
        QDateTime modified;
        ModelEntry entry;
    };
    QStringList m_dirs;
    std::map<QString, Seen> m_seen; ///< by path
};

} // namespace cocoon::jobs
